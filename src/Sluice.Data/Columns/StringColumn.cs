using System.Runtime.Intrinsics;
using System.Text;

namespace Sluice.Data.Columns;

/// <summary>
/// A column of strings kept as UTF-8 bytes back to back, row i being
/// <c>Bytes[Offsets[i]..Offsets[i + 1]]</c>. No string object exists per row: vocabulary lookups and hashing
/// work on the bytes directly.
/// </summary>
public sealed class StringColumn : Column
{
    private int[] _offsets;
    private byte[] _bytes;
    private int _rowCount;

    public StringColumn(string name, int capacity, int bytesPerRowHint = 16) : base(name, capacity)
    {
        _offsets = new int[capacity + 1];
        _bytes = new byte[Math.Max(16, capacity * bytesPerRowHint)];
    }

    public override ColumnKind Kind => ColumnKind.String;

    /// <summary>The rows appended since the last <see cref="Reset"/>.</summary>
    public int RowCount => _rowCount;

    /// <summary>The UTF-8 bytes of row <paramref name="row"/>.</summary>
    public ReadOnlySpan<byte> GetBytes(int row) => _bytes.AsSpan(_offsets[row], _offsets[row + 1] - _offsets[row]);

    /// <summary>Row <paramref name="row"/> as a new string (allocates: for edges such as errors and output, not hot loops).</summary>
    public string GetString(int row) => Encoding.UTF8.GetString(GetBytes(row));

    /// <summary>Appends the next row's UTF-8 bytes.</summary>
    public void Append(ReadOnlySpan<byte> utf8)
    {
        EnsureCapacity(_rowCount + 1, _rowCount);
        int start = _offsets[_rowCount];
        int end = start + utf8.Length;
        if (end > _bytes.Length) Array.Resize(ref _bytes, Math.Max(end, _bytes.Length * 2));
        utf8.CopyTo(_bytes.AsSpan(start));
        _rowCount++;
        _offsets[_rowCount] = end;
    }

    /// <summary>Appends the next row from a .NET string (encodes it to UTF-8 without a temporary array).</summary>
    public void Append(string value)
    {
        EnsureCapacity(_rowCount + 1, _rowCount);
        int start = _offsets[_rowCount];
        int needed = start + Encoding.UTF8.GetMaxByteCount(value.Length);
        if (needed > _bytes.Length) Array.Resize(ref _bytes, Math.Max(needed, _bytes.Length * 2));
        int written = Encoding.UTF8.GetBytes(value, _bytes.AsSpan(start));
        _rowCount++;
        _offsets[_rowCount] = start + written;
    }

    /// <summary>Appends rows <paramref name="start"/>..<paramref name="start"/>+<paramref name="count"/> of <paramref name="source"/> with one byte copy.</summary>
    internal void AppendRange(StringColumn source, int start, int count)
    {
        if (count == 0) return;
        EnsureCapacity(_rowCount + count, _rowCount);
        int from = source._offsets[start];
        int length = source._offsets[start + count] - from;
        int at = _offsets[_rowCount];
        if (at + length > _bytes.Length) Array.Resize(ref _bytes, Math.Max(at + length, _bytes.Length * 2));
        Buffer.BlockCopy(source._bytes, from, _bytes, at, length);
        int shift = at - from;
        for (int i = 1; i <= count; i++) _offsets[_rowCount + i] = source._offsets[start + i] + shift;
        _rowCount += count;
    }

    /// <summary>Makes room for <paramref name="rows"/> more rows totalling at most <paramref name="bytes"/> bytes.</summary>
    private void Reserve(int rows, int bytes)
    {
        EnsureCapacity(_rowCount + rows, _rowCount);
        int needed = _offsets[_rowCount] + bytes;
        if (needed > _bytes.Length) Array.Resize(ref _bytes, Math.Max(needed, _bytes.Length * 2));
    }

    /// <summary>
    /// Appends one row per cell <c>source[starts[i]..starts[i]+lengths[i]]</c>, <paramref name="totalLength"/> bytes
    /// in all (the reader knows it; reserving only that keeps a reused batch from growing). A cell of up to 32 bytes
    /// with 32 readable bytes behind its start is moved with one vector load and store (the bytes written past it are
    /// overwritten by the next row), which beats a memmove call per short cell.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]   // keeps its loop state in registers
    internal void AppendCells(ReadOnlySpan<byte> source, ReadOnlySpan<int> starts, ReadOnlySpan<int> lengths, int totalLength)
    {
        Reserve(starts.Length, totalLength + Slack);
        int[] offsets = _offsets;
        byte[] bytes = _bytes;
        int row = _rowCount;
        int at = offsets[row];
        for (int i = 0; i < starts.Length; i++)
        {
            int start = starts[i], length = lengths[i];
            if (length <= Slack && (uint)start + Slack <= (uint)source.Length && (uint)at + Slack <= (uint)bytes.Length)
                Vector256.Create(source.Slice(start, Slack)).CopyTo(bytes.AsSpan(at, Slack));
            else
                source.Slice(start, length).CopyTo(bytes.AsSpan(at, length));
            at += length;
            offsets[++row] = at;
        }
        _rowCount = row;
    }

    private const int Slack = 32;

    /// <summary>Drops the rows after the first <paramref name="rows"/> (a reader undoing a block it could not finish).</summary>
    internal void TruncateTo(int rows)
    {
        if (rows < _rowCount) _rowCount = rows;
    }

    public override void Reset(int rows)
    {
        base.Reset(rows);
        _rowCount = 0;
        _offsets[0] = 0;
    }

    protected override void GrowValues(int newCapacity, int rowsToKeep) => Array.Resize(ref _offsets, newCapacity + 1);
}
