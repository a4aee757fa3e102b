namespace Sluice.Events;

/// <summary>One event read from an event file, reduced to what Sluice uses.</summary>
/// <param name="WallTime">Seconds since the Unix epoch (fractional).</param>
/// <param name="Step">The global step the event belongs to.</param>
/// <param name="FileVersion">Set on the first event of a file ("brain.Event:2"); null otherwise.</param>
/// <param name="Values">The summary values (scalars, histograms); empty for non-summary events.</param>
/// <param name="Offset">Byte offset of the record in its file.</param>
public sealed record EventRecord(double WallTime, long Step, string? FileVersion, IReadOnlyList<SummaryValue> Values, long Offset);
