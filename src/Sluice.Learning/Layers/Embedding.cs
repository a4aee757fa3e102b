using Sluice.Learning.Initializers;
using Sluice.Tensors;
using Sluice.Tensors.Random;

namespace Sluice.Learning.Layers;

/// <summary>
/// A table of <see cref="VocabularySize"/> rows of <see cref="Dimension"/> values, looked up by integer ids and
/// combined per example. The table is read only through Gather, so its gradient is sparse by rows and an optimizer
/// updates only the rows a batch touched. Negative ids are missing and contribute nothing (an example with no ids
/// gets a zero vector, as TF's <c>safe_embedding_lookup_sparse</c>).
/// </summary>
public sealed class Embedding : Layer
{
    /// <param name="name">variable <c>{name}/embeddings</c> (vocabularySize, dimension)</param>
    /// <param name="initializer">default truncated normal with σ = 1/√dimension (TF's embedding_column default)</param>
    /// <param name="maxNorm">when set, each looked-up row is scaled down to this L2 norm if it is longer (TF's <c>max_norm</c>)</param>
    public Embedding(string name, int vocabularySize, int dimension, Combiner combiner, RandomGenerator random,
        Initializer? initializer = null, float? maxNorm = null)
        : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(vocabularySize);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        if (maxNorm is { } limit && !(limit > 0f)) throw new ArgumentOutOfRangeException(nameof(maxNorm), maxNorm, "max_norm must be > 0.");
        VocabularySize = vocabularySize;
        Dimension = dimension;
        Combiner = combiner;
        MaxNorm = maxNorm;
        Table = AddVariable("embeddings", new Shape(vocabularySize, dimension),
            initializer ?? Initializer.TruncatedNormal(0f, 1f / MathF.Sqrt(dimension)), random);
    }

    public int VocabularySize { get; }
    public int Dimension { get; }
    public Combiner Combiner { get; }
    public float? MaxNorm { get; }

    /// <summary>(vocabularySize, dimension).</summary>
    public Variable Table { get; }

    /// <summary>Padded ids, one row per example; pad with −1.</summary>
    /// <param name="input">(batch, idsPerExample) int32</param>
    /// <returns>(batch, dimension)</returns>
    protected override Tensor Forward(Tensor input, bool training)
    {
        if (input.Rank != 2) throw new ArgumentException($"Embedding '{Name}' expects (batch, ids) int ids, got {input.Shape}.", nameof(input));
        Tensor present = PresentMask(input);                 // (batch, k) 1 for real ids, 0 for padding
        Tensor rows = LookUpRows(input);                     // (batch, k, dimension), zero rows for padding
        Tensor sum = rows.Sum(1);                            // (batch, dimension)
        return Combine(sum, present.Sum(1, keepDims: true), present.Sum(1, keepDims: true));
    }

    /// <summary>
    /// The sparse form: a flat list of ids with the example each belongs to, optionally weighted (TF's
    /// weighted categorical column).
    /// </summary>
    /// <param name="ids">(n) int32 ids</param>
    /// <param name="exampleIndices">(n) int32 example of each id, in [0, batch)</param>
    /// <param name="batchLike">any tensor whose first dimension is the batch size at run time</param>
    /// <param name="weights">(n) f32 weight per id, or null for weight 1</param>
    /// <returns>(batch, dimension)</returns>
    public Tensor Lookup(Tensor ids, Tensor exampleIndices, Tensor batchLike, Tensor? weights = null)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(exampleIndices);
        ArgumentNullException.ThrowIfNull(batchLike);
        if (ids.Rank != 1) throw new ArgumentException($"Embedding '{Name}' sparse ids must be rank 1, got {ids.Shape}.", nameof(ids));
        Tensor w = weights is null ? PresentMask(ids) : weights * PresentMask(ids);   // (n)
        Tensor rows = LookUpRows(ids);                                                 // (n, dimension)
        if (weights is not null) rows *= w.Reshape(-1, 1);
        Tensor sum = rows.SegmentSum(exampleIndices, batchLike);                       // (batch, dimension)
        Tensor column = w.Reshape(-1, 1);
        return Combine(sum, column.SegmentSum(exampleIndices, batchLike), (column * column).SegmentSum(exampleIndices, batchLike));
    }

    private Tensor LookUpRows(Tensor ids)
    {
        Tensor rows = Table.Read().Gather(ids);
        if (MaxNorm is not { } maxNorm) return rows;
        // Scale = maxNorm / √max(Σrow², maxNorm²): 1 for short rows. Taking the max before the square root keeps the
        // gradient finite for all-zero (padding) rows.
        Tensor squared = (rows * rows).Sum(-1, keepDims: true);
        return rows * (maxNorm / Tensor.Maximum(squared, Tensor.Scalar(maxNorm * maxNorm)).Sqrt());
    }

    /// <param name="sum">(batch, dimension) Σ w·row</param>
    /// <param name="weightSum">(batch, 1) Σ w</param>
    /// <param name="weightSquareSum">(batch, 1) Σ w²</param>
    private Tensor Combine(Tensor sum, Tensor weightSum, Tensor weightSquareSum) => Combiner switch
    {
        Combiner.Sum => sum,
        Combiner.Mean => sum / SafeDenominator(weightSum),
        Combiner.SqrtN => sum / SafeDenominator(weightSquareSum).Sqrt(),
        _ => throw new InvalidOperationException($"Unknown combiner {Combiner}."),
    };

    // An example without ids has a zero sum; dividing it by 1 keeps it zero instead of NaN.
    private static Tensor SafeDenominator(Tensor denominator) =>
        Tensor.Where(denominator.Greater(0f), denominator, 1f);

    private static Tensor PresentMask(Tensor ids) =>
        Tensor.Where(ids.Cast(DType.Float32).GreaterEqual(0f), Tensor.Scalar(1f), 0f);
}
