using System.Collections.Immutable;
using Sluice.Data.Columns;

namespace Sluice.Estimators.FeatureColumns;

/// <summary>
/// crossed_column: one id per combination of the inputs' values, hashed into <see cref="HashBucketSize"/> buckets.
/// Each input contributes a 64-bit value — FNV-1a 64 of a raw string feature's text, or FNV-1a 64 of the 8
/// little-endian bytes of a categorical column's id — and the cross id is FNV-1a 64 continued over those values in
/// input order, mod the bucket size. Name: the input names sorted and joined with <c>_X_</c>. Nested crosses are
/// flattened; hashed columns are rejected (hash then cross loses nothing by crossing the raw key instead).
/// </summary>
public sealed record CrossedColumn : CategoricalColumn
{
    /// <summary>Bounds the ids of one example: the product of the inputs' id counts.</summary>
    private const int MaxCombinations = 64;

    private CrossedColumn(ImmutableArray<CrossInput> inputs, int hashBucketSize, string name)
    {
        Inputs = inputs;
        HashBucketSize = hashBucketSize;
        Name = name;
    }

    public ImmutableArray<CrossInput> Inputs { get; }
    public int HashBucketSize { get; }

    public override string Name { get; }
    public override IEnumerable<string> InputKeys => Inputs.SelectMany(i => i.Column?.InputKeys ?? [i.Name]).Distinct();
    public override int NumBuckets => HashBucketSize;
    internal override int MaxIdsPerRow => MaxCombinations;

    internal static CrossedColumn Create(IEnumerable<object> keys, int hashBucketSize)
    {
        var inputs = ImmutableArray.CreateBuilder<CrossInput>();
        foreach (object key in keys)
        {
            switch (key)
            {
                case string s when !string.IsNullOrWhiteSpace(s): inputs.Add(new CrossInput(s, null)); break;
                case CrossedColumn nested: inputs.AddRange(nested.Inputs); break;
                case HashBucketColumn hashed:
                    throw new FeatureColumnException(hashed.Name, "a crossed column cannot take a hashed column; cross the raw key instead.");
                case CategoricalColumn c: inputs.Add(new CrossInput(c.Name, c)); break;
                default: throw new FeatureColumnException(string.Join("_X_", keys), $"cross keys must be feature names or categorical columns (got {key?.GetType().Name ?? "null"}).");
            }
        }
        string name = string.Join("_X_", inputs.Select(i => i.Name).Order(StringComparer.Ordinal));
        if (inputs.Count < 2) throw new FeatureColumnException(name, "a crossed column needs at least two keys.");
        if (hashBucketSize <= 1) throw new FeatureColumnException(name, $"hashBucketSize must be > 1 (got {hashBucketSize}).");
        return new CrossedColumn(inputs.ToImmutable(), hashBucketSize, name);
    }

    internal override int WriteIds(ColumnBatch batch, int row, Span<int> ids, Span<float> weights)
    {
        // Combinations grow input by input: partial hashes of the first k inputs, then extended by input k + 1.
        Span<ulong> partial = stackalloc ulong[MaxCombinations];
        Span<ulong> next = stackalloc ulong[MaxCombinations];
        Span<int> inputIds = stackalloc int[MaxCombinations];
        Span<float> inputWeights = stackalloc float[MaxCombinations];
        Span<byte> scratch = stackalloc byte[RawText.ScratchBytes];
        partial[0] = StableHash.Seed;
        int count = 1;
        foreach (var input in Inputs)
        {
            int values;
            if (input.Column is null)
            {
                if (!RawText.TryRead(FeatureColumnChecks.Input(batch, input.Name, Name), row, scratch, out var text, Name)) return 0;
                inputIds[0] = 0;
                values = 1;
                ulong textHash = StableHash.Fnv1a64(text);
                int produced = 0;
                for (int p = 0; p < count; p++) next[produced++] = StableHash.Fnv1a64(textHash, partial[p]);
                next[..produced].CopyTo(partial);
                count = produced;
                continue;
            }
            values = input.Column.WriteIds(batch, row, inputIds, inputWeights);
            if (values == 0) return 0;
            if (count * values > MaxCombinations) throw new FeatureColumnException(Name, $"row {row} produces more than {MaxCombinations} combinations.");
            int n = 0;
            for (int p = 0; p < count; p++)
                for (int v = 0; v < values; v++)
                    next[n++] = StableHash.Fnv1a64(StableHash.Fnv1a64((ulong)inputIds[v]), partial[p]);
            next[..n].CopyTo(partial);
            count = n;
        }
        for (int i = 0; i < count; i++)
        {
            ids[i] = StableHash.Bucket(partial[i], HashBucketSize);
            weights[i] = 1f;
        }
        return count;
    }

    public override string ToString() => $"crossed_column(keys=[{string.Join(", ", Inputs)}], hash_bucket_size={HashBucketSize})";
}
