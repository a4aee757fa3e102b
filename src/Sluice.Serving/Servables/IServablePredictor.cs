using Sluice.Data.Columns;

namespace Sluice.Serving.Servables;

/// <summary>A single-threaded predictor that owns its input and output buffers.</summary>
internal interface IServablePredictor
{
    /// <summary>The input batch: one column per signature input, in signature order.</summary>
    ColumnBatch CreateInputBatch();

    /// <summary>Predicts every filled row of <paramref name="input"/>; the result is valid until the next call.</summary>
    IPredictionRows Predict(ColumnBatch input);
}

/// <summary>Per-row prediction outputs (valid until the predictor's next call).</summary>
internal interface IPredictionRows
{
    int Count { get; }
    ReadOnlySpan<float> Logits(int row);
    ReadOnlySpan<float> Probabilities(int row);
    int ClassId(int row);
    string ClassLabel(int row);
    float Logistic(int row);
    ReadOnlySpan<float> Predictions(int row);
}
