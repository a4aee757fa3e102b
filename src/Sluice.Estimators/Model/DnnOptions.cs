namespace Sluice.Estimators.Model;

/// <summary>The DNN body: hidden layer widths, the activation after each, and the dropout rate in training.</summary>
public sealed record DnnOptions(IReadOnlyList<int> HiddenUnits, Activation Activation = Activation.Relu, float Dropout = 0f)
{
    public override string ToString() => $"dnn(hidden_units=[{string.Join(", ", HiddenUnits)}], activation={Activation.ToString().ToLowerInvariant()}, dropout={Dropout})";
}
