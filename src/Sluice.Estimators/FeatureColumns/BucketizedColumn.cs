using System.Collections.Immutable;
using System.Globalization;
using Sluice.Data.Columns;

namespace Sluice.Estimators.FeatureColumns;

/// <summary>
/// bucketized_column: the bucket of a numeric value, buckets including their left boundary: boundaries [0, 1, 2]
/// give (-inf, 0), [0, 1), [1, 2), [2, +inf). Categorical with boundaries + 1 ids; dense as a one-hot vector.
/// Buckets use the raw (not normalised) value.
/// </summary>
public sealed record BucketizedColumn : CategoricalColumn
{
    internal BucketizedColumn(NumericColumn source, ImmutableArray<float> boundaries)
    {
        ArgumentNullException.ThrowIfNull(source);
        string name = source.Name + "_bucketized";
        if (boundaries.IsDefaultOrEmpty) throw new FeatureColumnException(name, "needs at least one boundary.");
        for (int i = 0; i < boundaries.Length; i++)
        {
            if (!float.IsFinite(boundaries[i])) throw new FeatureColumnException(name, $"boundary {i} is not finite.");
            if (i > 0 && !(boundaries[i] > boundaries[i - 1]))
                throw new FeatureColumnException(name, $"boundaries must be strictly increasing; boundary {i} ({boundaries[i]}) is not above {boundaries[i - 1]}.");
        }
        Source = source;
        Boundaries = boundaries;
    }

    public NumericColumn Source { get; }
    public ImmutableArray<float> Boundaries { get; }

    public override string Name => Source.Name + "_bucketized";
    public override IEnumerable<string> InputKeys => Source.InputKeys;
    public override int NumBuckets => Boundaries.Length + 1;

    /// <summary>The bucket of <paramref name="value"/>: how many boundaries are ≤ it.</summary>
    internal int BucketOf(float value)
    {
        int lo = 0, hi = Boundaries.Length;
        while (lo < hi)
        {
            int mid = (lo + hi) >>> 1;
            if (Boundaries[mid] <= value) lo = mid + 1; else hi = mid;
        }
        return lo;
    }

    internal override int WriteIds(ColumnBatch batch, int row, Span<int> ids, Span<float> weights)
    {
        ids[0] = BucketOf(Source.ReadRaw(batch, row));
        weights[0] = 1f;
        return 1;
    }

    public override string ToString()
        => $"bucketized_column(source={Source.Name}, boundaries=[{string.Join(", ", Boundaries.Select(b => b.ToString(CultureInfo.InvariantCulture)))}])";
}
