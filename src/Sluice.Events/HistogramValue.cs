namespace Sluice.Events;

/// <summary>
/// A TensorBoard histogram: bucket i counts values in [BucketLimits[i-1], BucketLimits[i]); runs of empty
/// buckets are collapsed into one, as TensorFlow writes them.
/// </summary>
public sealed record HistogramValue(
    double Min, double Max, double Count, double Sum, double SumSquares,
    IReadOnlyList<double> BucketLimits, IReadOnlyList<double> BucketCounts);
