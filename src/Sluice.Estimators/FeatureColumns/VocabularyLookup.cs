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

    public static string Describe(int numOovBuckets, int defaultValue)
        => numOovBuckets > 0 ? $", num_oov_buckets={numOovBuckets}" : defaultValue != -1 ? $", default_value={defaultValue}" : "";
}
