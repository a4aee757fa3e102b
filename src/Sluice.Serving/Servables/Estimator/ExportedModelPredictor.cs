using System.Globalization;
using Sluice.Data.Columns;
using Sluice.Estimators.Export;

namespace Sluice.Serving.Servables.Estimator;

/// <summary>Adapts the estimators' <see cref="Predictor"/> and <see cref="PredictionBatch"/> to the server's predictor seam.</summary>
internal sealed class ExportedModelPredictor(Predictor predictor, ServingSignature signature) : IServablePredictor, IPredictionRows
{
    private static readonly string[] DefaultLabels = ["0", "1"];
    private PredictionBatch? _output;

    public ColumnBatch CreateInputBatch() => predictor.CreateInputBatch();

    public IPredictionRows Predict(ColumnBatch input)
    {
        _output = predictor.Predict(input);
        return this;
    }

    public int Count => _output!.Count;
    public ReadOnlySpan<float> Logits(int row) => _output!.Logits(row);
    public ReadOnlySpan<float> Probabilities(int row) => _output!.Probabilities(row);
    public int ClassId(int row) => _output!.ClassId(row);
    public float Logistic(int row) => _output!.Logistic(row);
    public ReadOnlySpan<float> Predictions(int row) => _output!.Predictions(row);

    public string ClassLabel(int row)
    {
        int id = _output!.ClassId(row);
        if (signature.ClassLabels is { } labels) return labels[id];
        return id < DefaultLabels.Length ? DefaultLabels[id] : id.ToString(CultureInfo.InvariantCulture);
    }
}
