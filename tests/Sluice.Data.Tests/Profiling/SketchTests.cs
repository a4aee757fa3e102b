using Sluice.Data.Profiling;

namespace Sluice.Data.Tests.Profiling;

public sealed class SketchTests
{
    [Theory]
    [InlineData(1_000_000, 1)]
    [InlineData(300_000, 2)]
    public void Kll_quantiles_stay_within_the_stated_rank_error(int n, int seed)
    {
        var random = new Random(seed);
        var values = new double[n];
        var sketch = new KllSketch();
        for (int i = 0; i < n; i++)
        {
            // A skewed mixture, fed in a non-random order (sorted runs stress compactors).
            values[i] = i % 3 == 0 ? Math.Exp(random.NextDouble() * 5) : random.NextDouble() * 100;
            if (i % 100_000 < 20_000) values[i] = i;
            sketch.Add(values[i]);
        }
        Array.Sort(values);
        foreach (double q in new[] { 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99 })
        {
            double estimate = sketch.Quantile(q);
            double rank = (double)LowerBound(values, estimate) / n;
            double rankAbove = (double)UpperBound(values, estimate) / n;
            double error = q < rank ? rank - q : q > rankAbove ? q - rankAbove : 0;
            Assert.True(error <= KllSketch.RankErrorBound, $"q={q}: estimate {estimate} has rank {rank:P3}, error {error:P3}");
        }
        Assert.Equal(n, sketch.Count);
    }

    [Fact]
    public void Kll_is_exact_while_small()
    {
        var sketch = new KllSketch();
        for (int i = 1; i <= 99; i++) sketch.Add(i);
        Assert.Equal(50, sketch.Quantile(0.5));
        Assert.Equal(1, sketch.Quantile(0));
        Assert.Equal(99, sketch.Quantile(1));
        Assert.Equal(49 / 99.0, sketch.Cdf(49.5), 9);
    }

    [Theory]
    [InlineData(100)]
    [InlineData(10_000)]
    [InlineData(1_000_000)]
    public void HyperLogLog_estimate_is_within_four_standard_errors(int distinct)
    {
        var hll = new HyperLogLog();
        Span<byte> bytes = stackalloc byte[8];
        for (int repeat = 0; repeat < 2; repeat++)
        {
            for (long i = 0; i < distinct; i++)
            {
                BitConverter.TryWriteBytes(bytes, i * 7919);
                hll.Add(HyperLogLog.Hash(bytes));
            }
        }
        double relative = Math.Abs(hll.Estimate() - distinct) / (double)distinct;
        Assert.True(relative <= 4 * HyperLogLog.StandardError, $"estimate {hll.Estimate()} for {distinct} ({relative:P2})");
    }

    [Fact]
    public void Large_high_cardinality_column_switches_to_sketches()
    {
        var numbers = new NumericAccumulator(integral: false);
        for (int i = 0; i < 250_000; i++) numbers.Add(i * 0.5);
        var profile = numbers.ToProfile("x", "float32", 20);

        Assert.False(profile.DistinctExact);
        Assert.False(profile.QuantilesExact);
        Assert.InRange(profile.Distinct, 250_000 * (1 - 4 * HyperLogLog.StandardError), 250_000 * (1 + 4 * HyperLogLog.StandardError));
        Assert.InRange(profile.Median!.Value, 62_499.75 * (1 - 2 * KllSketch.RankErrorBound), 62_499.75 * (1 + 2 * KllSketch.RankErrorBound));
        Assert.Equal(62_499.75, profile.Mean!.Value, 6);
        Assert.Equal(250_000, profile.Histogram!.Sum(b => b.Count), 250_000 * 0.001);
        Assert.All(profile.Histogram!, b => Assert.InRange(b.Count, 12_500 * 0.9, 12_500 * 1.1));
    }

    private static int LowerBound(double[] sorted, double value)
    {
        int i = Array.BinarySearch(sorted, value);
        if (i < 0) return ~i;
        while (i > 0 && sorted[i - 1] == value) i--;
        return i;
    }

    private static int UpperBound(double[] sorted, double value)
    {
        int i = Array.BinarySearch(sorted, value);
        if (i < 0) return ~i;
        while (i + 1 < sorted.Length && sorted[i + 1] == value) i++;
        return i + 1;
    }
}
