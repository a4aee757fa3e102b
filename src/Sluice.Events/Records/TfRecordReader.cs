using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;

namespace Sluice.Events.Records;

/// <summary>What one <see cref="TfRecordReader.TryRead"/> found at the current offset.</summary>
internal enum TfRecordStatus
{
    /// <summary>A complete record whose CRCs check out.</summary>
    Record,
    /// <summary>The file ends exactly at the current offset.</summary>
    EndOfFile,
    /// <summary>The file ends inside a record: a torn last record, or one still being written.</summary>
    Incomplete,
}

/// <summary>
/// Reads TFRecord frames from a file starting at any record boundary, verifying both CRCs. It never moves past a
/// record it could not read whole, so calling again after the file grew resumes exactly there (tailing).
/// Positional reads keep it independent of a writer appending to the same file.
/// </summary>
internal sealed class TfRecordReader : IDisposable
{
    private readonly SafeFileHandle _handle;
    private byte[] _buffer = new byte[64 * 1024];
    private long _bufferStart; // file offset of _buffer[0]
    private int _bufferLength;

    public TfRecordReader(string path, long startOffset)
    {
        Path = path;
        _handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        Offset = startOffset;
        _bufferStart = startOffset;
    }

    public string Path { get; }

    /// <summary>Offset just past the last complete record returned (where the next read starts).</summary>
    public long Offset { get; private set; }

    /// <summary>Reads the record at <see cref="Offset"/>; <paramref name="data"/> is valid until the next call.</summary>
    /// <exception cref="EventFileCorruptException">A CRC does not match or the length is absurd.</exception>
    public TfRecordStatus TryRead(out ReadOnlySpan<byte> data)
    {
        data = default;
        int available = EnsureAvailable(TfRecordFormat.HeaderSize);
        if (available == 0) return TfRecordStatus.EndOfFile;
        if (available < TfRecordFormat.HeaderSize) return TfRecordStatus.Incomplete;

        ReadOnlySpan<byte> header = _buffer.AsSpan((int)(Offset - _bufferStart), TfRecordFormat.HeaderSize);
        ulong length = BinaryPrimitives.ReadUInt64LittleEndian(header);
        uint storedLengthCrc = BinaryPrimitives.ReadUInt32LittleEndian(header[8..]);
        if (MaskedCrc.Of(header[..8]) != storedLengthCrc)
            throw new EventFileCorruptException(Path, Offset, "the CRC of the record length does not match");
        if (length > TfRecordFormat.MaxRecordLength)
            throw new EventFileCorruptException(Path, Offset, $"record length {length} is larger than {TfRecordFormat.MaxRecordLength}");

        int total = (int)length + TfRecordFormat.Overhead;
        if (EnsureAvailable(total) < total) return TfRecordStatus.Incomplete;

        ReadOnlySpan<byte> record = _buffer.AsSpan((int)(Offset - _bufferStart), total);
        data = record.Slice(TfRecordFormat.HeaderSize, (int)length);
        uint storedDataCrc = BinaryPrimitives.ReadUInt32LittleEndian(record[(TfRecordFormat.HeaderSize + (int)length)..]);
        if (MaskedCrc.Of(data) != storedDataCrc)
            throw new EventFileCorruptException(Path, Offset, "the CRC of the record data does not match");
        Offset += total;
        return TfRecordStatus.Record;
    }

    /// <summary>Makes up to <paramref name="count"/> bytes from <see cref="Offset"/> resident; returns how many are.</summary>
    private int EnsureAvailable(int count)
    {
        int start = (int)(Offset - _bufferStart);
        if (_bufferLength - start >= count) return count;

        // Slide the unread tail to the front (and grow for a large record), then read more from the file.
        int unread = _bufferLength - start;
        if (count > _buffer.Length)
        {
            var larger = new byte[Math.Max(count, _buffer.Length * 2)];
            _buffer.AsSpan(start, unread).CopyTo(larger);
            _buffer = larger;
        }
        else if (start > 0)
        {
            _buffer.AsSpan(start, unread).CopyTo(_buffer);
        }
        _bufferStart = Offset;
        _bufferLength = unread;

        while (_bufferLength < count)
        {
            int read = RandomAccess.Read(_handle, _buffer.AsSpan(_bufferLength), _bufferStart + _bufferLength);
            if (read == 0) break;
            _bufferLength += read;
        }
        return Math.Min(_bufferLength, count);
    }

    public void Dispose() => _handle.Dispose();
}
