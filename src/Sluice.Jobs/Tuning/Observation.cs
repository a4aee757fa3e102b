namespace Sluice.Jobs.Tuning;

/// <summary>A finished trial as the search sees it: its point in the unit cube and its objective (higher is better).</summary>
public sealed record Observation(double[] Point, double Score);
