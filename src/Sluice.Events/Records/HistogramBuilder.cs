using Sluice.Events.Protos;

namespace Sluice.Events.Records;

/// <summary>
/// Builds a TensorBoard histogram with TensorFlow's default buckets: limits growing by 10% from 1e-12 to 1e20,
/// mirrored for negatives, around 0 and capped by ±DBL_MAX. Runs of empty buckets are collapsed into one as
/// TensorFlow's Histogram::EncodeToProto does.
/// </summary>
internal static class HistogramBuilder
{
    private static readonly double[] DefaultLimits = BuildDefaultLimits();

    public static HistogramProto Build(ReadOnlySpan<double> values)
    {
        var counts = new double[DefaultLimits.Length];
        double min = double.MaxValue, max = double.MinValue, sum = 0, sumSquares = 0;
        foreach (double v in values)
        {
            min = Math.Min(min, v);
            max = Math.Max(max, v);
            sum += v;
            sumSquares += v * v;
            counts[BucketOf(v)]++;
        }

        var proto = new HistogramProto
        {
            Min = values.IsEmpty ? 0 : min,
            Max = values.IsEmpty ? 0 : max,
            Num = values.Length,
            Sum = sum,
            SumSquares = sumSquares,
        };
        for (int i = 0; i < counts.Length;)
        {
            double limit = DefaultLimits[i];
            double count = counts[i];
            i++;
            if (count <= 0)
            {
                while (i < counts.Length && counts[i] <= 0)
                {
                    limit = DefaultLimits[i];
                    i++;
                }
            }
            proto.BucketLimit.Add(limit);
            proto.Bucket.Add(count);
        }
        return proto;
    }

    /// <summary>Index of the first limit strictly greater than v: bucket i holds [limit[i-1], limit[i]).</summary>
    private static int BucketOf(double v)
    {
        int index = Array.BinarySearch(DefaultLimits, v);
        index = index >= 0 ? index + 1 : ~index;
        return Math.Min(index, DefaultLimits.Length - 1);
    }

    private static double[] BuildDefaultLimits()
    {
        var positive = new List<double>();
        for (double v = 1e-12; v < 1e20; v *= 1.1) positive.Add(v);
        positive.Add(double.MaxValue);
        var limits = new List<double>(positive.Count * 2 + 1);
        for (int i = positive.Count - 1; i >= 0; i--) limits.Add(-positive[i]);
        limits.Add(0.0);
        limits.AddRange(positive);
        return limits.ToArray();
    }
}
