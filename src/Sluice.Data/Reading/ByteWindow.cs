using System.Buffers;

namespace Sluice.Data.Reading;

/// <summary>
/// A sliding window over a stream's bytes in one pooled buffer: parsers look at <see cref="Available"/>, consume a
/// prefix with <see cref="Advance"/> and ask for more with <see cref="Fill"/>, which compacts and, when a single
/// record is larger than the buffer, grows it. Memory is bounded by the largest record, not the file. A UTF-8 BOM at
/// the start of the stream is dropped.
/// </summary>
internal sealed class ByteWindow : IDisposable
{
    private readonly Stream _stream;
    private readonly bool _ownsStream;
    private byte[] _buffer;
    private int _start;
    private int _end;
    private bool _atStreamStart = true;

    public ByteWindow(Stream stream, bool ownsStream, int bufferSize = 1 << 20)
    {
        _stream = stream;
        _ownsStream = ownsStream;
        _buffer = ArrayPool<byte>.Shared.Rent(bufferSize);
    }

    /// <summary>The unconsumed bytes currently in memory.</summary>
    public ReadOnlySpan<byte> Available => _buffer.AsSpan(_start, _end - _start);

    /// <summary>true once the stream has no more bytes (what is in <see cref="Available"/> is all there is).</summary>
    public bool EndOfStream { get; private set; }

    /// <summary>Bytes consumed so far (excluding a BOM).</summary>
    public long Consumed { get; private set; }

    public void Advance(int count)
    {
        _start += count;
        Consumed += count;
    }

    /// <summary>Reads more bytes after the unconsumed ones; false when the stream is exhausted.</summary>
    public bool Fill()
    {
        if (EndOfStream) return false;
        int pending = _end - _start;
        if (_start > 0)
        {
            Buffer.BlockCopy(_buffer, _start, _buffer, 0, pending);
            _start = 0;
            _end = pending;
        }
        if (_end == _buffer.Length)
        {
            byte[] bigger = ArrayPool<byte>.Shared.Rent(_buffer.Length * 2);
            Buffer.BlockCopy(_buffer, 0, bigger, 0, _end);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = bigger;
        }
        int read;
        do
        {
            read = _stream.Read(_buffer, _end, _buffer.Length - _end);
            _end += read;
        }
        while (read > 0 && _end < _buffer.Length / 2);
        if (_atStreamStart && _end - _start >= 3 || read == 0) SkipBom();
        if (read == 0 && _end - _start == pending) EndOfStream = true;
        return !EndOfStream;
    }

    private void SkipBom()
    {
        if (!_atStreamStart) return;
        _atStreamStart = false;
        if (_end - _start >= 3 && _buffer[_start] == 0xEF && _buffer[_start + 1] == 0xBB && _buffer[_start + 2] == 0xBF) _start += 3;
    }

    public void Dispose()
    {
        if (_buffer.Length > 0) ArrayPool<byte>.Shared.Return(_buffer);
        _buffer = [];
        if (_ownsStream) _stream.Dispose();
    }
}
