using System.Globalization;

namespace Sluice.Estimators.FeatureColumns;

/// <summary>
/// embedding_column: a trainable table of shape [NumBuckets, Dimension]; an example's vector is its ids' rows combined
/// by <see cref="Combiner"/> (an example with no ids gets zeros). Rows start from a truncated normal with stddev
/// <see cref="InitializerStdDev"/> (default 1/√dimension, TF's default); <see cref="MaxNorm"/> L2-clips each row
/// before combining. Gradients touch only the rows of ids in the batch.
/// </summary>
public sealed record EmbeddingColumn : FeatureColumn
{
    internal EmbeddingColumn(CategoricalColumn categorical, int dimension, EmbeddingCombiner combiner, float? initializerStdDev, float? maxNorm, bool trainable)
    {
        ArgumentNullException.ThrowIfNull(categorical);
        string name = categorical.Name + "_embedding";
        FeatureColumnChecks.Positive(dimension, name, "dimension");
        if (initializerStdDev is { } s && !(s > 0)) throw new FeatureColumnException(name, $"initializerStdDev must be positive (got {s}).");
        if (maxNorm is { } m && !(m > 0)) throw new FeatureColumnException(name, $"maxNorm must be positive (got {m}).");
        if (!Enum.IsDefined(combiner)) throw new FeatureColumnException(name, $"unknown combiner {combiner}.");
        Categorical = categorical;
        Dimension = dimension;
        Combiner = combiner;
        InitializerStdDev = initializerStdDev ?? 1f / MathF.Sqrt(dimension);
        MaxNorm = maxNorm;
        Trainable = trainable;
    }

    public CategoricalColumn Categorical { get; }
    public int Dimension { get; }
    public EmbeddingCombiner Combiner { get; }
    public float InitializerStdDev { get; }
    public float? MaxNorm { get; }
    public bool Trainable { get; }

    public override string Name => Categorical.Name + "_embedding";
    public override IEnumerable<string> InputKeys => Categorical.InputKeys;

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"embedding_column(categorical={Categorical}, dimension={Dimension}, combiner={Combiner.ToString().ToLowerInvariant()}, initializer=truncated_normal(stddev={InitializerStdDev:G4}){(MaxNorm is { } m ? $", max_norm={m}" : "")}{(Trainable ? "" : ", trainable=false")})");
}
