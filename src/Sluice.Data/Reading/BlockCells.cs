using System.Runtime.CompilerServices;

namespace Sluice.Data.Reading;

/// <summary>
/// One field of every record in a tokenized block: the cells a single column pass reads. Cell r is located from the
/// separator table, with the CR of a CRLF line end dropped (last field only) and, when asked, spaces and tabs trimmed
/// by moving indices rather than copying bytes.
/// </summary>
internal readonly ref struct BlockCells
{
    private readonly ReadOnlySpan<int> _slots;   // from the slot before field f of record 0
    private readonly int _stride;
    private readonly bool _lastField;
    private readonly bool _trim;

    /// <param name="slots">Per record, <paramref name="width"/> + 1 slots: the position before its first byte, then each field's end.</param>
    public BlockCells(ReadOnlySpan<byte> block, int[] slots, int width, int field, int records, bool trim)
    {
        Block = block;
        _stride = width + 1;
        _slots = slots.AsSpan(field, (records - 1) * _stride + 2);
        Count = records;
        _lastField = field == width - 1;
        _trim = trim;
    }

    /// <summary>The block's bytes (the cells are ranges of it).</summary>
    public ReadOnlySpan<byte> Block { get; }

    /// <summary>The number of records in the block.</summary>
    public int Count { get; }

    /// <summary>Where cell <paramref name="record"/> lies in <see cref="Block"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public int Locate(int record, out int length)
    {
        int at = record * _stride;
        int start = _slots[at] + 1;
        int end = _slots[at + 1];
        var block = Block;
        if (_lastField && end > start && block[end - 1] == '\r') end--;
        if (_trim)
        {
            while (start < end && block[start] is (byte)' ' or (byte)'\t') start++;
            while (end > start && block[end - 1] is (byte)' ' or (byte)'\t') end--;
        }
        length = end - start;
        return start;
    }

    /// <summary>Cell <paramref name="record"/>'s bytes.</summary>
    public ReadOnlySpan<byte> this[int record]
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        get
        {
            int start = Locate(record, out int length);
            return Block.Slice(start, length);
        }
    }
}
