namespace Sluice.Data.Profiling;

/// <summary>
/// One pass over a numeric column: count, min, max, Welford mean/variance, plus exact value counts while there are
/// at most <see cref="ExactLimit"/> distinct values, and always a KLL sketch and a HyperLogLog for the large case.
/// </summary>
internal sealed class NumericAccumulator(bool integral)
{
    public const int ExactLimit = 100_000;

    private Dictionary<double, long>? _exact = [];
    private readonly KllSketch _sketch = new();
    private readonly HyperLogLog _distinct = new();
    private long _count;
    private double _mean, _m2;
    private double _min = double.PositiveInfinity, _max = double.NegativeInfinity;

    public long Missing { get; set; }

    public void Add(double value)
    {
        if (double.IsNaN(value))
        {
            Missing++;
            return;
        }
        _count++;
        double delta = value - _mean;
        _mean += delta / _count;
        _m2 += delta * (value - _mean);
        if (value < _min) _min = value;
        if (value > _max) _max = value;
        _sketch.Add(value);
        _distinct.Add(HyperLogLog.Mix(BitConverter.DoubleToUInt64Bits(value == 0 ? 0 : value)));
        if (_exact is not null)
        {
            System.Runtime.InteropServices.CollectionsMarshal.GetValueRefOrAddDefault(_exact, value, out _)++;
            if (_exact.Count > ExactLimit) _exact = null;
        }
    }

    public ColumnProfile ToProfile(string name, string type, int bins)
    {
        if (_count == 0)
            return new ColumnProfile { Name = name, Type = type, Missing = Missing, DistinctExact = true, QuantilesExact = true };
        bool exact = _exact is not null;
        double[] values = [];
        long[] cumulative = [];
        if (exact)
        {
            values = [.. _exact!.Keys];
            Array.Sort(values);
            cumulative = new long[values.Length];
            long running = 0;
            for (int i = 0; i < values.Length; i++) cumulative[i] = running += _exact[values[i]];
        }
        double Quantile(double q) => exact ? ExactQuantile(values, cumulative, q) : _sketch.Quantile(q);
        return new ColumnProfile
        {
            Name = name,
            Type = type,
            Count = _count,
            Missing = Missing,
            Distinct = exact ? values.Length : _distinct.Estimate(),
            DistinctExact = exact,
            Min = _min,
            Max = _max,
            Mean = _mean,
            Std = _count > 1 ? Math.Sqrt(_m2 / (_count - 1)) : 0,
            Q1 = Quantile(0.25),
            Median = Quantile(0.5),
            Q3 = Quantile(0.75),
            QuantilesExact = exact,
            Histogram = Histogram(bins, exact, values, cumulative),
        };
    }

    /// <summary>Linear interpolation between the order statistics around position q·(n − 1), as pandas does.</summary>
    private double ExactQuantile(double[] values, long[] cumulative, double q)
    {
        double position = q * (_count - 1);
        long below = (long)Math.Floor(position);
        double fraction = position - below;
        double lower = OrderStatistic(values, cumulative, below);
        double upper = fraction > 0 ? OrderStatistic(values, cumulative, below + 1) : lower;
        return lower + (upper - lower) * fraction;
    }

    private static double OrderStatistic(double[] values, long[] cumulative, long index)
    {
        int i = Array.BinarySearch(cumulative, index + 1);
        if (i < 0) i = ~i;
        return values[Math.Min(i, values.Length - 1)];
    }

    private List<HistogramBin> Histogram(int bins, bool exact, double[] values, long[] cumulative)
    {
        double range = _max - _min;
        if (range == 0) return [new HistogramBin(_min, _max, _count)];
        double width = range / bins;
        if (integral)
        {
            width = Math.Ceiling(range / bins);
            bins = (int)Math.Ceiling((range + 1) / width);
        }
        var result = new List<HistogramBin>(bins);
        if (exact)
        {
            var counts = new long[bins];
            for (int i = 0; i < values.Length; i++)
            {
                long n = cumulative[i] - (i == 0 ? 0 : cumulative[i - 1]);
                counts[Math.Min(bins - 1, (int)((values[i] - _min) / width))] += n;
            }
            for (int b = 0; b < bins; b++) result.Add(new HistogramBin(_min + b * width, b == bins - 1 && !integral ? _max : _min + (b + 1) * width, counts[b]));
            return result;
        }
        double previous = 0;
        for (int b = 0; b < bins; b++)
        {
            double upper = b == bins - 1 ? _max : _min + (b + 1) * width;
            double below = b == bins - 1 ? 1 : _sketch.Cdf(Math.BitDecrement(upper));
            result.Add(new HistogramBin(_min + b * width, upper, (long)Math.Round((below - previous) * _count)));
            previous = below;
        }
        return result;
    }
}
