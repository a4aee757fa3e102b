using Sluice.Data.Columns;

namespace Sluice.Estimators.FeatureColumns;

/// <summary>The vocabulary rule shared by list and file vocabularies: known → index, unknown → OOV bucket or default.</summary>
internal static class VocabularyLookup
{
    public static int Lookup(Utf8Vocabulary vocabulary, ReadOnlySpan<byte> text, int numOovBuckets, int defaultValue)
    {
        int index = vocabulary.IndexOf(text);
        if (index >= 0) return index;
        return numOovBuckets > 0 ? vocabulary.Count + StableHash.Bucket(StableHash.Fnv1a64(text), numOovBuckets) : defaultValue;
    }

    /// <summary>The one id of row <paramref name="row"/> of a single-valued vocabulary column (0 ids when missing or pruned).</summary>
    public static int WriteId(Utf8Vocabulary vocabulary, string key, string name, int numOovBuckets, int defaultValue,
        ColumnBatch batch, int row, Span<int> ids, Span<float> weights)
    {
        Span<byte> scratch = stackalloc byte[RawText.ScratchBytes];
        if (!RawText.TryRead(FeatureColumnChecks.Input(batch, key, name), row, scratch, out var text, name)) return 0;
        int id = Lookup(vocabulary, text, numOovBuckets, defaultValue);
        if (id < 0) return 0;
        ids[0] = id;
        weights[0] = 1f;
        return 1;
    }

    public static string Describe(int numOovBuckets, int defaultValue)
        => numOovBuckets > 0 ? $", num_oov_buckets={numOovBuckets}" : defaultValue != -1 ? $", default_value={defaultValue}" : "";
}
