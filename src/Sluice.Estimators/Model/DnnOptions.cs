namespace Sluice.Estimators.Model;

/// <summary>
/// The DNN body: hidden layer widths, the activation after each, the dropout rate in training and, with
/// <see cref="BatchNorm"/>, TF's batch normalisation after each hidden layer's activation and dropout (momentum 0.999,
/// ε 0.001; batch statistics in training, the moving statistics at evaluation, prediction and export).
/// </summary>
public sealed record DnnOptions(IReadOnlyList<int> HiddenUnits, Activation Activation = Activation.Relu, float Dropout = 0f, bool BatchNorm = false)
{
    public override string ToString() => $"dnn(hidden_units=[{string.Join(", ", HiddenUnits)}], activation={Activation.ToString().ToLowerInvariant()}, dropout={Dropout}{(BatchNorm ? ", batch_norm=true" : "")})";
}
