using System.Collections.Immutable;

namespace Sluice.Estimators.FeatureColumns;

/// <summary>
/// How a raw input feature becomes model input (TF's <c>tf.feature_column</c>). Columns are small immutable records:
/// they validate at definition time, print what they are, and transform a <see cref="Sluice.Data.Columns.ColumnBatch"/>
/// without allocating per row. Build them with the static factories here and the methods on
/// <see cref="CategoricalColumn"/> (<c>Embed</c>, <c>Indicator</c>, <c>WeightedBy</c>).
/// </summary>
public abstract record FeatureColumn
{
    /// <summary>The column's name (TF naming: a key, or e.g. <c>age_bucketized</c>, <c>a_X_b</c>, <c>occupation_embedding</c>).</summary>
    public abstract string Name { get; }

    /// <summary>The raw input features (batch columns) this column reads.</summary>
    public abstract IEnumerable<string> InputKeys { get; }

    /// <summary>A numeric column: the raw value as a float, optionally normalised.</summary>
    public static NumericColumn Numeric(string key, float? defaultValue = null, Normalizer? normalizer = null)
        => new(key, defaultValue, normalizer);

    /// <summary>Buckets a numeric column by strictly increasing boundaries: (-inf, b0), [b0, b1), ..., [bn, +inf).</summary>
    public static BucketizedColumn Bucketized(NumericColumn source, params float[] boundaries)
        => new(source, [.. boundaries]);

    /// <summary>Categorical ids from an in-memory vocabulary (id = position in the list).</summary>
    public static VocabularyListColumn CategoricalWithVocabularyList(string key, IEnumerable<string> vocabulary, int numOovBuckets = 0, int defaultValue = -1)
        => new(key, [.. vocabulary], numOovBuckets, defaultValue);

    /// <summary>Categorical ids from a vocabulary file (one entry per line; id = line number).</summary>
    public static VocabularyFileColumn CategoricalWithVocabularyFile(string key, string vocabularyFile, int? vocabularySize = null, int numOovBuckets = 0, int defaultValue = -1)
        => VocabularyFileColumn.Load(key, vocabularyFile, vocabularySize, numOovBuckets, defaultValue);

    /// <summary>Categorical ids by hashing the value's text into <paramref name="hashBucketSize"/> buckets.</summary>
    public static HashBucketColumn CategoricalWithHashBucket(string key, int hashBucketSize)
        => new(key, hashBucketSize);

    /// <summary>Categorical ids that are the integer value itself, in [0, numBuckets).</summary>
    public static IdentityColumn CategoricalWithIdentity(string key, int numBuckets, int? defaultValue = null)
        => new(key, numBuckets, defaultValue);

    /// <summary>Hashed cross of raw string keys and/or categorical columns (not hashed ones).</summary>
    public static CrossedColumn Crossed(IEnumerable<object> keys, int hashBucketSize)
        => CrossedColumn.Create(keys, hashBucketSize);

    /// <summary>Fails when two columns in one list share a name (TF raises ValueError too).</summary>
    public static void EnsureUniqueNames(IEnumerable<FeatureColumn> columns, string listName)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var column in columns)
        {
            if (!seen.Add(column.Name))
                throw new FeatureColumnException(column.Name, $"appears twice in {listName}; feature column names must be unique.");
        }
    }

    internal static ImmutableArray<string> SortedNames(IEnumerable<FeatureColumn> columns)
        => [.. columns.Select(c => c.Name).Order(StringComparer.Ordinal)];
}
