namespace Sluice.Events;

/// <summary>Receives scalars from <see cref="EventFileReader.ReadScalars"/> without an object per event.</summary>
public interface IScalarSink
{
    /// <param name="tagUtf8">The tag as UTF-8 bytes; valid only during the call.</param>
    /// <param name="step">The event's step.</param>
    /// <param name="wallTime">The event's wall time, seconds since the Unix epoch.</param>
    /// <param name="value">The scalar.</param>
    void Add(ReadOnlySpan<byte> tagUtf8, long step, double wallTime, float value);
}
