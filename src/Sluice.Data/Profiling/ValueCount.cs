namespace Sluice.Data.Profiling;

/// <summary>A value and how often it occurs.</summary>
public sealed record ValueCount(string Value, long Count);
