namespace Sluice.Data.Tests.Reading;

/// <summary>
/// A read-only stream over bytes that hands out at most a few bytes per <see cref="Read(byte[], int, int)"/> (sizes
/// cycling through <c>chunks</c>), so a reader's buffer refills land at every position: inside a field, a quote,
/// a CRLF pair or the BOM.
/// </summary>
internal sealed class ChunkedStream(byte[] bytes, params int[] chunks) : Stream
{
    private int _position;
    private int _reads;

    public override int Read(byte[] buffer, int offset, int count)
    {
        int size = Math.Min(Math.Min(count, chunks[_reads++ % chunks.Length]), bytes.Length - _position);
        Array.Copy(bytes, _position, buffer, offset, size);
        _position += size;
        return size;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => bytes.Length;
    public override long Position { get => _position; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
