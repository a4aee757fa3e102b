namespace Sluice.Events;

/// <summary>An event file holds a record whose CRC or length does not check out (not merely a torn last record).</summary>
public sealed class EventFileCorruptException : IOException
{
    public EventFileCorruptException(string path, long offset, string reason)
        : base($"Event file '{path}' is corrupt at byte offset {offset}: {reason}.")
    {
        FilePath = path;
        Offset = offset;
        Reason = reason;
    }

    /// <summary>The event file.</summary>
    public string FilePath { get; }

    /// <summary>Byte offset of the record that failed.</summary>
    public long Offset { get; }

    /// <summary>What failed, e.g. "the CRC of the record data does not match".</summary>
    public string Reason { get; }
}
