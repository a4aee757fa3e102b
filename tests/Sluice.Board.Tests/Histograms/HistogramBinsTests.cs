using Sluice.Board.Api;
using Sluice.Board.Histograms;
using Sluice.Events;
using Sluice.TestKit;

namespace Sluice.Board.Tests.Histograms;

public sealed class HistogramBinsTests
{
    /// <summary>Writes <paramref name="values"/> as a histogram summary and reads it back (TensorFlow's bucketing).</summary>
    private static HistogramValue RoundTrip(double[] values)
    {
        using var dir = new TempDirectory();
        string file;
        using (var writer = new EventFileWriter(dir.Path))
        {
            writer.WriteHistogram("h", 1, values);
            file = writer.FilePath;
        }
        return EventFileReader.ReadFile(file).SelectMany(e => e.Values).Single(v => v.Histogram is not null).Histogram!;
    }

    [Fact]
    public void Rebinning_keeps_the_total_and_matches_exact_counts_of_the_raw_values()
    {
        var random = new Random(7);
        double[] values = new double[2000];
        for (int i = 0; i < values.Length; i++) values[i] = random.NextDouble() * 4 - 1; // uniform in [-1, 3)
        HistogramValue histogram = RoundTrip(values);
        double low = histogram.Min, high = histogram.Max;

        double[] bins = new double[8];
        HistogramBins.Rebin(histogram, low, high, bins);

        AssertClose.Scalar(values.Length, bins.Sum(), 0, 1e-9);
        // The oracle: counting the raw values per bin. TensorFlow's buckets are ~10% wide, so spreading a bucket
        // over the bins it overlaps moves a little mass across bin edges, never much.
        double width = (high - low) / bins.Length;
        for (int b = 0; b < bins.Length; b++)
        {
            int exact = values.Count(v => Math.Min(bins.Length - 1, (int)((v - low) / width)) == b);
            Assert.InRange(bins[b], exact * 0.8, exact * 1.2);
        }
    }

    [Fact]
    public void A_histogram_of_one_repeated_value_lands_in_the_bin_holding_it()
    {
        HistogramValue histogram = RoundTrip([0.25, 0.25, 0.25]);
        double[] bins = new double[5];
        HistogramBins.Rebin(histogram, 0, 1, bins); // 0.25 is in bin 1: [0.2, 0.4)
        Assert.Equal([0, 3, 0, 0, 0], bins);
    }

    [Fact]
    public void Mass_outside_the_range_goes_to_the_outer_bins()
    {
        HistogramValue histogram = RoundTrip([-5, 0.5, 9]);
        double[] bins = new double[4];
        HistogramBins.Rebin(histogram, 0, 1, bins);
        AssertClose.Scalar(3, bins.Sum(), 0, 1e-9);
        Assert.Equal(1, bins[0], 9);
        Assert.Equal(1, bins[3], 9);
    }

    [Theory]
    [InlineData(5, 10, new[] { 0, 1, 2, 3, 4 })]
    [InlineData(11, 3, new[] { 0, 5, 10 })]
    [InlineData(7, 1, new[] { 6 })]
    public void Picking_spreads_evenly_and_keeps_first_and_last(int count, int most, int[] expected)
    {
        var series = Enumerable.Range(0, count).Select(i => new HistogramPoint(i, i, RoundTrip([i]))).ToList();
        Assert.Equal(expected.Select(i => (long)i), HistogramsEndpoints.Pick(series, most).Select(p => p.Step));
    }
}
