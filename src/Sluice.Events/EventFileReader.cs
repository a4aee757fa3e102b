using System.Diagnostics.CodeAnalysis;
using Google.Protobuf;
using Sluice.Events.Protos;
using Sluice.Events.Records;

namespace Sluice.Events;

/// <summary>
/// Reads events from one event file, verifying both CRCs of every record. A torn last record (a crash mid-write,
/// or a record the writer has not finished) is not an error: reading stops before it and <see cref="Offset"/> stays
/// at its start, so a later call — or a new reader created with that offset — picks it up once it is complete.
/// This is how the dashboard tails files incrementally without ever re-reading them.
/// </summary>
public sealed class EventFileReader : IDisposable
{
    private readonly TfRecordReader _records;

    /// <param name="path">The event file.</param>
    /// <param name="startOffset">A record boundary: 0, or an <see cref="Offset"/> saved from an earlier reader.</param>
    public EventFileReader(string path, long startOffset = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(startOffset);
        _records = new TfRecordReader(path, startOffset);
    }

    /// <summary>The event file being read.</summary>
    public string Path => _records.Path;

    /// <summary>Byte offset just past the last complete record read; save it to resume tailing later.</summary>
    public long Offset => _records.Offset;

    /// <summary>True when the last read stopped at a partial record (torn, or still being written).</summary>
    public bool HasIncompleteTail { get; private set; }

    /// <summary>Reads the next complete event; false at the end of the data written so far.</summary>
    /// <exception cref="EventFileCorruptException">A record's CRC or length does not check out, or it is not an Event.</exception>
    public bool TryReadNext([NotNullWhen(true)] out EventRecord? record)
    {
        long offset = _records.Offset;
        TfRecordStatus status = _records.TryRead(out ReadOnlySpan<byte> data);
        HasIncompleteTail = status == TfRecordStatus.Incomplete;
        if (status != TfRecordStatus.Record)
        {
            record = null;
            return false;
        }
        record = Parse(data, offset);
        return true;
    }

    private EventRecord Parse(ReadOnlySpan<byte> data, long offset)
    {
        Event parsed;
        try
        {
            parsed = Event.Parser.ParseFrom(data);
        }
        catch (InvalidProtocolBufferException ex)
        {
            throw new EventFileCorruptException(Path, offset, $"the record is not a valid Event message ({ex.Message})");
        }
        return EventConversion.ToRecord(parsed, offset);
    }

    /// <summary>
    /// Reads every complete event available now and passes its scalars to <paramref name="sink"/>, allocating
    /// nothing per event on the common path (TF1 <c>simple_value</c>). Returns the number of records read.
    /// </summary>
    /// <exception cref="EventFileCorruptException">A record's CRC or length does not check out, or it is not an Event.</exception>
    public int ReadScalars<TSink>(TSink sink) where TSink : IScalarSink
    {
        int count = 0;
        while (true)
        {
            long offset = _records.Offset;
            TfRecordStatus status = _records.TryRead(out ReadOnlySpan<byte> data);
            HasIncompleteTail = status == TfRecordStatus.Incomplete;
            if (status != TfRecordStatus.Record) return count;
            count++;
            if (ScalarWireScanner.TryScan(data, sink)) continue;
            EventRecord record = Parse(data, offset);
            foreach (SummaryValue value in record.Values)
            {
                if (value.Scalar is not float scalar) continue;
                sink.Add(System.Text.Encoding.UTF8.GetBytes(value.Tag), record.Step, record.WallTime, scalar);
            }
        }
    }

    /// <summary>Reads every complete event available now.</summary>
    public List<EventRecord> ReadAvailable()
    {
        var events = new List<EventRecord>();
        while (TryReadNext(out EventRecord? e)) events.Add(e);
        return events;
    }

    /// <summary>Reads a whole file (tolerating a torn last record).</summary>
    public static List<EventRecord> ReadFile(string path)
    {
        using var reader = new EventFileReader(path);
        return reader.ReadAvailable();
    }

    public void Dispose() => _records.Dispose();
}
