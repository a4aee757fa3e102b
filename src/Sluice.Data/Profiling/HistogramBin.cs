namespace Sluice.Data.Profiling;

/// <summary>One histogram bar: values in [Lower, Upper) (the last bar includes Upper).</summary>
public sealed record HistogramBin(double Lower, double Upper, long Count);
