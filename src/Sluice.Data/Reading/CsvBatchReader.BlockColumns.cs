using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Sluice.Data.Columns;
using Sluice.Data.Text;

namespace Sluice.Data.Reading;

/// <summary>
/// The block path's column passes. For one field of every record in the block, a first loop locates the cells
/// (trimmed, CR dropped) into <see cref="_cellStarts"/>/<see cref="_cellLengths"/>; a second loop per column kind
/// converts them. Two small loops keep their state in registers where one fused loop spilled it to the stack, and
/// there is no per-cell dispatch on the kind. A conversion returns false when a cell does not parse (the record path
/// then reports it).
/// </summary>
public sealed partial class CsvBatchReader
{
    private int[] _cellStarts = [];
    private int[] _cellLengths = [];

    private bool ConvertField(ReadOnlySpan<byte> block, int field, int records, Column column, int row, byte[]? suffix)
    {
        if (_cellStarts.Length < records)
        {
            _cellStarts = new int[BlockRecords];
            _cellLengths = new int[BlockRecords];
        }
        var starts = _cellStarts.AsSpan(0, records);
        var lengths = _cellLengths.AsSpan(0, records);
        int width = _expectedFields;
        var slots = _separators.AsSpan(field, (records - 1) * (width + 1) + 2);
        bool lastField = field == width - 1;
        if (column is FloatColumn floats)
            return ConvertFloats(block, slots, width + 1, lastField, floats.Buffer.AsSpan(row, records), floats.MissingBuffer.AsSpan(row, records));
        if (column is StringColumn strings)
        {
            ConvertStrings(block, slots, width + 1, lastField, strings, strings.MissingBuffer.AsSpan(row, records), suffix);
            return true;
        }
        LocateCells(block, slots, width + 1, lastField, _trim, starts, lengths);
        return column switch
        {
            Int64Column longs => ConvertLongs(block, starts, lengths, longs.Buffer.AsSpan(row, records), longs.MissingBuffer.AsSpan(row, records)),
            _ => false,
        };
    }

    /// <summary>
    /// Cell r lies between slots[r·stride] + 1 and slots[r·stride + 1]; drops the CR of a CRLF line end (last field only)
    /// and trims spaces and tabs by moving the indices.
    /// </summary>
    /// <param name="slots">The separator table from this field's slot in record 0.</param>
    /// <param name="starts">(records) out: where each cell starts in <paramref name="block"/></param>
    /// <param name="lengths">(records) out: each cell's length</param>
    [MethodImpl(MethodImplOptions.NoInlining)]   // a small method of its own keeps its loop state in registers
    private static void LocateCells(ReadOnlySpan<byte> block, ReadOnlySpan<int> slots, int stride, bool lastField, bool trim, Span<int> starts, Span<int> lengths)
    {
        int at = 0;
        for (int r = 0; r < starts.Length; r++, at += stride)
        {
            starts[r] = LocateCell(block, slots, at, lastField, trim, out int length);
            lengths[r] = length;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int LocateCell(ReadOnlySpan<byte> block, ReadOnlySpan<int> slots, int at, bool lastField, bool trim, out int length)
    {
        int start = slots[at] + 1;
        int end = slots[at + 1];
        if (lastField && end > start && block[end - 1] == '\r') end--;
        if (trim)
        {
            while (start < end && IsBlank(block[start])) start++;
            while (end > start && IsBlank(block[end - 1])) end--;
        }
        length = end - start;
        return start;
    }

    /// <summary>Space or tab, as one bit test and one branch (the pattern test compiles to a chain of three).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsBlank(byte b) => (b < 64) & (((1UL << ' ' | 1UL << '\t') >> b) & 1) != 0;

    /// <summary>Locates and parses in one loop (a float column's cells are read once, so a second pass only costs).</summary>
    /// <param name="values">(records) the column's rows for this block</param>
    /// <param name="missing">(records) their missing flags</param>
    [MethodImpl(MethodImplOptions.NoInlining)]   // a small method of its own keeps its loop state in registers
    private bool ConvertFloats(ReadOnlySpan<byte> block, ReadOnlySpan<int> slots, int stride, bool lastField, Span<float> values, Span<bool> missing)
    {
        var tokens = _missingTokens;
        bool trim = _trim;
        int at = 0;
        for (int r = 0; r < values.Length; r++, at += stride)
        {
            int start = LocateCell(block, slots, at, lastField, trim, out int length);
            if (tokens.Contains(block.Slice(start, length)))
            {
                missing[r] = true;
                values[r] = 0;
                continue;
            }
            if (!Utf8Number.TryParseFloat(block, start, length, out values[r])) return false;
            missing[r] = false;
        }
        return true;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]   // a small method of its own keeps its loop state in registers
    private bool ConvertLongs(ReadOnlySpan<byte> block, ReadOnlySpan<int> starts, ReadOnlySpan<int> lengths, Span<long> values, Span<bool> missing)
    {
        var tokens = _missingTokens;
        for (int r = 0; r < starts.Length; r++)
        {
            var cell = block.Slice(starts[r], lengths[r]);
            if (tokens.Contains(cell))
            {
                missing[r] = true;
                values[r] = 0;
                continue;
            }
            if (!Utf8Number.TryParseInt64(cell, out values[r])) return false;
            missing[r] = false;
        }
        return true;
    }

    /// <summary>
    /// Locates each cell, marks missing ones (appended empty), strips the label suffix and copies the bytes straight
    /// into the column's buffers, all in one loop: a string cell is read once, and the earlier split into a locate
    /// pass, a check pass and a copy pass walked the cell positions three times.
    /// </summary>
    /// <param name="missing">(records) the column's missing flags for this block</param>
    [MethodImpl(MethodImplOptions.NoInlining)]   // a small method of its own keeps its loop state in registers
    private void ConvertStrings(ReadOnlySpan<byte> block, ReadOnlySpan<int> slots, int stride, bool lastField, StringColumn column, Span<bool> missing, byte[]? suffix)
    {
        const int slack = StringColumn.Slack;
        var tokens = _missingTokens;
        bool trim = _trim;
        column.ReserveRows(missing.Length);
        int[] offsets = column.OffsetsBuffer;
        byte[] bytes = column.BytesBuffer;
        int row = column.RowCount;
        int end = offsets[row];
        ref byte source = ref MemoryMarshal.GetReference(block);
        int at = 0;
        for (int r = 0; r < missing.Length; r++, at += stride)
        {
            int start = LocateCell(block, slots, at, lastField, trim, out int length);
            var cell = block.Slice(start, length);
            bool isMissing = tokens.Contains(cell);
            missing[r] = isMissing;
            if (isMissing) length = 0;
            else if (suffix is not null && cell.EndsWith(suffix)) length -= suffix.Length;
            int needed = end + Math.Max(length, slack);
            if (needed > bytes.Length) bytes = column.GrowBytes(needed);
            // Checked just above: `slack` bytes fit behind `end`; the load needs `slack` readable bytes behind `start`.
            if (length <= slack && (uint)start + slack <= (uint)block.Length)
                Vector256.LoadUnsafe(ref source, (nuint)start).StoreUnsafe(ref MemoryMarshal.GetArrayDataReference(bytes), (nuint)end);
            else
                cell[..length].CopyTo(bytes.AsSpan(end, length));
            end += length;
            offsets[++row] = end;
        }
        column.SetRowCount(row);
    }
}
