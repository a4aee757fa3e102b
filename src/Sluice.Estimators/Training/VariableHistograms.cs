using Sluice.Estimators.Model;
using Sluice.Events;

namespace Sluice.Estimators.Training;

/// <summary>
/// Writes one TensorBoard histogram per model variable, tagged with its TF name (<c>dnn/hiddenlayer_0/kernel</c>,
/// <c>dnn/logits/bias</c>, <c>linear/linear_model/weights</c>, <c>dnn/input_from_feature_columns/&lt;column&gt;/embedding_weights</c>).
/// </summary>
internal sealed class VariableHistograms(NetworkParameters parameters)
{
    private readonly double[] _values = new double[parameters.All.Max(v => v.Values.Length)];

    public void Write(EventFileWriter events, long step)
    {
        foreach (var variable in parameters.All)
        {
            var values = _values.AsSpan(0, variable.Values.Length);
            var source = variable.Values;
            for (int i = 0; i < values.Length; i++) values[i] = source[i];
            events.WriteHistogram(variable.Name, step, values);
        }
    }
}
