using Sluice.Events;

namespace Sluice.Board.Histograms;

/// <summary>
/// Redistributes a TensorFlow histogram's uneven buckets onto equal-width bins over a common range, so histograms
/// from different steps (and runs) can be drawn on one axis. A bucket's count is spread over the bins it overlaps in
/// proportion to the overlap, after clipping the bucket to the data's [min, max] (TensorFlow's outer buckets reach
/// ±1.7e308); the total count is preserved.
/// </summary>
internal static class HistogramBins
{
    /// <param name="histogram">Buckets: bucket i holds values in [limits[i-1], limits[i]) (bucket 0 from −∞).</param>
    /// <param name="low">Left edge of the first output bin.</param>
    /// <param name="high">Right edge of the last output bin (&gt; <paramref name="low"/>).</param>
    /// <param name="bins">Output: counts per equal-width bin; its length is the number of bins.</param>
    public static void Rebin(HistogramValue histogram, double low, double high, Span<double> bins)
    {
        bins.Clear();
        int n = bins.Length;
        double width = (high - low) / n;
        IReadOnlyList<double> limits = histogram.BucketLimits;
        IReadOnlyList<double> counts = histogram.BucketCounts;
        for (int i = 0; i < counts.Count; i++)
        {
            double count = counts[i];
            if (count == 0) continue;
            double left = Math.Max(i == 0 ? double.NegativeInfinity : limits[i - 1], histogram.Min);
            double right = Math.Min(limits[i], histogram.Max);
            if (!(right > left))
            {
                // The bucket holds a single value (e.g. every weight equal): it all goes to the bin holding it.
                bins[BinOf(Math.Clamp(left, histogram.Min, histogram.Max), low, width, n)] += count;
                continue;
            }
            int first = BinOf(left, low, width, n), last = BinOf(right, low, width, n);
            for (int b = first; b <= last; b++)
            {
                double binLeft = low + b * width, binRight = binLeft + width;
                // The outermost bins take everything beyond the range, so nothing is lost.
                if (b == 0) binLeft = double.NegativeInfinity;
                if (b == n - 1) binRight = double.PositiveInfinity;
                double overlap = Math.Min(right, binRight) - Math.Max(left, binLeft);
                if (overlap > 0) bins[b] += count * overlap / (right - left);
            }
        }
    }

    private static int BinOf(double x, double low, double width, int n) =>
        Math.Clamp((int)Math.Floor((x - low) / width), 0, n - 1);
}
