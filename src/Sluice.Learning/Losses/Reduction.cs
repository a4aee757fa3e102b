namespace Sluice.Learning.Losses;

/// <summary>How per-example (weighted) losses become one scalar (TF's <c>losses.Reduction</c>).</summary>
public enum Reduction
{
    /// <summary>Σ wᵢ·lossᵢ: TF canned estimators' default (so the gradient scales with the batch size).</summary>
    Sum,

    /// <summary>Σ wᵢ·lossᵢ / number of loss elements (TF's <c>SUM_OVER_BATCH_SIZE</c>, Keras' default).</summary>
    SumOverBatchSize,

    /// <summary>Σ wᵢ·lossᵢ / Σ wᵢ (TF's <c>MEAN</c>, a weighted mean).</summary>
    Mean,
}
