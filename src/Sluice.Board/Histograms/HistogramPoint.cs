using Sluice.Events;

namespace Sluice.Board.Histograms;

/// <summary>One histogram summary of a (run, tag) series: the step and time it was written at and its buckets.</summary>
internal sealed record HistogramPoint(long Step, double WallTime, HistogramValue Value);
