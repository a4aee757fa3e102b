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

    /// <summary>
    /// The raw buffers, for a reader that fills rows in its own loop (the CSV block path writes each cell straight
    /// here instead of collecting cell positions first): after <see cref="ReserveRows"/>, write row i's bytes at
    /// <c>BytesBuffer[OffsetsBuffer[i]..]</c>, set <c>OffsetsBuffer[i + 1]</c>, grow with <see cref="GrowBytes"/>, then
    /// publish with <see cref="SetRowCount"/>.
    /// </summary>
    internal int[] OffsetsBuffer => _offsets;

    /// <inheritdoc cref="OffsetsBuffer"/>
    internal byte[] BytesBuffer => _bytes;

    /// <summary>Makes room for the offsets of <paramref name="rows"/> more rows (bytes are grown as they come).</summary>
    internal void ReserveRows(int rows) => EnsureCapacity(_rowCount + rows, _rowCount);

    /// <summary>Grows the byte buffer to hold at least <paramref name="needed"/> bytes (doubling) and returns it.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]   // rare: keeps the caller's loop small
    internal byte[] GrowBytes(int needed)
    {
        if (needed > _bytes.Length) Array.Resize(ref _bytes, Math.Max(needed, _bytes.Length * 2));
        return _bytes;
    }

    /// <summary>Publishes rows written through <see cref="OffsetsBuffer"/>/<see cref="BytesBuffer"/>.</summary>
    internal void SetRowCount(int rows) => _rowCount = rows;

    /// <summary>
    /// Bytes that may be written past a short cell: a cell of up to this many bytes is moved with one vector load
    /// and store (the bytes written past it are overwritten by the next row), which beats a memmove call per cell.
    /// A writer keeps this much room behind the current end.
    /// </summary>
    internal const int Slack = 32;

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
