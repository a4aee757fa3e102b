using Sluice.Data.Columns;

namespace Sluice.Estimators.FeatureColumns;

/// <summary>
/// A column that turns each example into a small set of integer ids in [0, <see cref="NumBuckets"/>) with weights
/// (1 unless weighted). Ids below zero never leave a column: they are dropped, so they contribute nothing to linear
/// or embedding lookups (TF prunes negative ids the same way).
/// </summary>
public abstract record CategoricalColumn : FeatureColumn
{
    /// <summary>The size of the id space.</summary>
    public abstract int NumBuckets { get; }

    /// <summary>The most ids one example can produce (sizes the scratch buffers).</summary>
    internal virtual int MaxIdsPerRow => 1;

    /// <summary>Writes the ids and weights of <paramref name="row"/>; returns how many were written.</summary>
    /// <param name="ids">at least <see cref="MaxIdsPerRow"/> slots</param>
    /// <param name="weights">same length as <paramref name="ids"/></param>
    internal abstract int WriteIds(ColumnBatch batch, int row, Span<int> ids, Span<float> weights);

    /// <summary>embedding_column: a trainable dense vector per id, combined per example.</summary>
    public EmbeddingColumn Embed(int dimension, EmbeddingCombiner combiner = EmbeddingCombiner.Mean, float? initializerStdDev = null, float? maxNorm = null, bool trainable = true)
        => new(this, dimension, combiner, initializerStdDev, maxNorm, trainable);

    /// <summary>indicator_column: a multi-hot (count or weight sum) vector of width <see cref="NumBuckets"/>.</summary>
    public IndicatorColumn Indicator() => new(this);

    /// <summary>weighted_categorical_column: each id carries the value of the float feature <paramref name="weightKey"/>.</summary>
    public WeightedCategoricalColumn WeightedBy(string weightKey) => new(this, weightKey);
}
