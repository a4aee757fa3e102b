using Sluice.Data.Columns;

namespace Sluice.Estimators.FeatureColumns;

/// <summary>
/// categorical_column_with_hash_bucket: id = hash(text of the value) mod <see cref="HashBucketSize"/>; integer inputs
/// are formatted as decimal text first (as TF does). The hash is <see cref="StableHash"/> (FNV-1a 64).
/// </summary>
public sealed record HashBucketColumn : CategoricalColumn
{
    internal HashBucketColumn(string key, int hashBucketSize)
    {
        FeatureColumnChecks.Key(key, "categorical_column_with_hash_bucket");
        if (hashBucketSize <= 1) throw new FeatureColumnException(key, $"hashBucketSize must be > 1 (got {hashBucketSize}).");
        Key = key;
        HashBucketSize = hashBucketSize;
    }

    public string Key { get; }
    public int HashBucketSize { get; }

    public override string Name => Key;
    public override IEnumerable<string> InputKeys => [Key];
    public override int NumBuckets => HashBucketSize;

    internal override int WriteIds(ColumnBatch batch, int row, Span<int> ids, Span<float> weights)
    {
        Span<byte> scratch = stackalloc byte[RawText.ScratchBytes];
        if (!RawText.TryRead(FeatureColumnChecks.Input(batch, Key, Name), row, scratch, out var text, Name)) return 0;
        ids[0] = StableHash.Bucket(StableHash.Fnv1a64(text), HashBucketSize);
        weights[0] = 1f;
        return 1;
    }

    public override string ToString() => $"categorical_column_with_hash_bucket(key={Key}, hash_bucket_size={HashBucketSize})";
}
