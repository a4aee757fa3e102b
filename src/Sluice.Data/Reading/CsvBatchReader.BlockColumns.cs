using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using Sluice.Data.Columns;
using Sluice.Data.Text;

namespace Sluice.Data.Reading;

/// <summary>
/// The block path's column passes: one loop per column over the block's records, reading each cell between two
/// separator slots. Float and string columns locate (trim, CR) and convert in the same loop, a tight one without
/// calls for the usual cells (short integers; short strings, copied with one vector store) that hands any other cell
/// to a general per-cell path and then goes on; int64 columns locate first, then parse. A conversion returns false
/// when a cell does not parse (the record path then reports it).
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
        var slots = _separators.AsSpan(field, (records - 1) * width + 2);
        bool lastField = field == width - 1;
        if (column is FloatColumn floats)
            return ConvertFloats(block, slots, width, lastField, floats.Buffer.AsSpan(row, records), floats.MissingBuffer.AsSpan(row, records), field);
        if (column is StringColumn strings)
        {
            ConvertStrings(block, slots, width, lastField, strings, strings.MissingBuffer.AsSpan(row, records), suffix);
            return true;
        }
        LocateCells(block, slots, width, lastField, _trim, starts, lengths);
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

    /// <summary>
    /// <see cref="LocateCell"/> for the specialised loops: the cell of the slot pair at <paramref name="at"/> as
    /// [start, returned end), without bounds checks (every slot the tokenizer wrote lies inside the block) and with
    /// trimming and the last field's '\r' decided by type parameters. Inlined, so those loops stay call-free.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int CellBounds<TTrim, TLastField>(ref byte source, ref int slot, int at, out int start)
        where TTrim : struct, IOption
        where TLastField : struct, IOption
    {
        start = Unsafe.Add(ref slot, at) + 1;
        int end = Unsafe.Add(ref slot, at + 1);
        if (TLastField.On && end > start && Unsafe.Add(ref source, end - 1) == '\r') end--;
        if (TTrim.On)
        {
            while (start < end && IsBlank(Unsafe.Add(ref source, start))) start++;
            while (end > start && IsBlank(Unsafe.Add(ref source, end - 1))) end--;
        }
        return end;
    }

    /// <summary>Space or tab. Text bytes fail the first compare, which predicts well: two instructions for most bytes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool IsBlank(byte b) => b <= ' ' && (b == ' ' || b == '\t');

    // Per field, how many more blocks skip the integer shortcut: a column of decimals would only take detours.
    private int[] _generalFloatBlocks = [];

    /// <summary>
    /// Locates and parses in one loop (a float column's cells are read once, so a second pass only costs). Plain
    /// integers of up to 8 digits, the usual cell of a census-like file (ages, weights, hours), go through
    /// <see cref="ConvertShortIntegers"/>; every other cell, one at a time, through the general parser.
    /// </summary>
    /// <param name="values">(records) the column's rows for this block</param>
    /// <param name="missing">(records) their missing flags</param>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool ConvertFloats(ReadOnlySpan<byte> block, ReadOnlySpan<int> slots, int stride, bool lastField, Span<float> values, Span<bool> missing, int field)
    {
        int r = 0;
        if (_generalFloatBlocks.Length != _expectedFields) _generalFloatBlocks = new int[_expectedFields];
        if (_shortIntegersFirst && --_generalFloatBlocks[field] < 0)
        {
            // A few cells that are not short integers (missing tokens, the odd decimal) take one detour each; more
            // than that and the rest of the block, and the next 64 blocks of this field, go to the general loop.
            for (int detours = 0; detours < 4; detours++)
            {
                r = (_trim, lastField) switch
                {
                    (true, false) => ConvertShortIntegers<Yes, No>(block, slots, stride, values, missing, r),
                    (true, true) => ConvertShortIntegers<Yes, Yes>(block, slots, stride, values, missing, r),
                    (false, false) => ConvertShortIntegers<No, No>(block, slots, stride, values, missing, r),
                    (false, true) => ConvertShortIntegers<No, Yes>(block, slots, stride, values, missing, r),
                };
                if (r == values.Length) return true;
                if (!ConvertFloatCells(block, slots, stride, lastField, values, missing, r, r + 1)) return false;
                r++;
            }
            _generalFloatBlocks[field] = 64;
        }
        return ConvertFloatCells(block, slots, stride, lastField, values, missing, r, values.Length);
    }

    /// <summary>Rows <paramref name="from"/> to <paramref name="to"/> through the general path: a missing token, or any number <see cref="Utf8Number"/> reads.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]   // a small method of its own keeps its loop state in registers
    private bool ConvertFloatCells(ReadOnlySpan<byte> block, ReadOnlySpan<int> slots, int stride, bool lastField, Span<float> values, Span<bool> missing, int from, int to)
    {
        var tokens = _missingTokens;
        bool trim = _trim;
        int at = from * stride;
        for (int r = from; r < to; r++, at += stride)
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

    /// <summary>
    /// Converts cells from row <paramref name="r"/> on while each is an optional sign and 1–8 digits (one word read,
    /// checked and combined by <see cref="SwarInteger"/>); returns the row of the first other cell (a decimal, a
    /// missing token, a longer number, text, or a cell within 8 bytes of the block's end), or the row count.
    /// The result equals the general parser's: an integer below 10^8 converts to the nearest float in one rounding.
    /// Only used when no missing token looks like such an integer.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]   // no call inside: the loop state stays in registers
    private static int ConvertShortIntegers<TTrim, TLastField>(ReadOnlySpan<byte> block, ReadOnlySpan<int> slots, int stride, Span<float> values, Span<bool> missing, int r)
        where TTrim : struct, IOption
        where TLastField : struct, IOption
    {
        // Unchecked reads: the tokenizer wrote every slot inside the block, and `slots` holds exactly the rows'
        // field slots (r·stride and r·stride + 1 for r < rows), so only the 8-byte word needs a bounds test.
        ref byte source = ref MemoryMarshal.GetReference(block);
        ref int slot = ref MemoryMarshal.GetReference(slots);
        ref float value = ref MemoryMarshal.GetReference(values);
        ref bool isMissing = ref MemoryMarshal.GetReference(missing);
        int lastWord = block.Length - sizeof(ulong);
        int rows = values.Length;
        for (int at = r * stride; r < rows; r++, at += stride)
        {
            int end = CellBounds<TTrim, TLastField>(ref source, ref slot, at, out int start);
            byte first = Unsafe.Add(ref source, start);   // the delimiter or newline when the cell is empty: no sign
            bool negative = false;
            if (first < '0')   // '+' and '-' sort before the digits: one compare for unsigned cells
            {
                negative = first == '-';
                if (negative | first == '+') start++;
            }
            if ((uint)(end - start - 1) >= sizeof(ulong) || start > lastWord) break;
            ulong word = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref source, start));
            if (!SwarInteger.TryParse(word, end - start, out uint digits)) break;
            float magnitude = (int)digits;
            Unsafe.Add(ref value, r) = negative ? -magnitude : magnitude;
            Unsafe.Add(ref isMissing, r) = false;
        }
        return r;
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
    /// into the column's buffers, in one loop (<see cref="CopyStringCells"/>): a string cell is read once. That loop
    /// has no call in it, so its state stays in registers; the cells it leaves come here one at a time.
    /// </summary>
    /// <param name="missing">(records) the column's missing flags for this block</param>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void ConvertStrings(ReadOnlySpan<byte> block, ReadOnlySpan<int> slots, int stride, bool lastField, StringColumn column, Span<bool> missing, byte[]? suffix)
    {
        column.ReserveRows(missing.Length);
        int first = column.RowCount;
        var cells = new StringCells(column.OffsetsBuffer.AsSpan(first, missing.Length + 1), column.BytesBuffer, missing, column.OffsetsBuffer[first]);
        var tokens = _missingTokens;
        int r = 0;
        while (true)
        {
            r = (_trim, lastField) switch
            {
                (true, false) => CopyStringCells<Yes, No>(block, slots, stride, tokens, suffix, ref cells, r),
                (true, true) => CopyStringCells<Yes, Yes>(block, slots, stride, tokens, suffix, ref cells, r),
                (false, false) => CopyStringCells<No, No>(block, slots, stride, tokens, suffix, ref cells, r),
                (false, true) => CopyStringCells<No, Yes>(block, slots, stride, tokens, suffix, ref cells, r),
            };
            if (r == missing.Length) break;
            CopyStringCell(block, slots, r * stride, lastField, column, ref cells, r, suffix);
            r++;
        }
        column.SetRowCount(first + missing.Length);
    }

    /// <summary>Where <see cref="CopyStringCells"/> writes: the block's rows of a <see cref="StringColumn"/>.</summary>
    private ref struct StringCells(Span<int> offsets, byte[] bytes, Span<bool> missing, int end)
    {
        public Span<int> Offsets = offsets;   // (rows + 1) the rows' offsets, the first already set
        public byte[] Bytes = bytes;          // the column's byte buffer
        public Span<bool> Missing = missing;  // (rows) the rows' missing flags
        public int End = end;                 // where the next row's bytes go
    }

    /// <summary>One string cell the general way (any length, any token or suffix), growing the byte buffer as needed.</summary>
    private void CopyStringCell(ReadOnlySpan<byte> block, ReadOnlySpan<int> slots, int at, bool lastField, StringColumn column, ref StringCells cells, int r, byte[]? suffix)
    {
        int start = LocateCell(block, slots, at, lastField, _trim, out int length);
        var cell = block.Slice(start, length);
        bool isMissing = _missingTokens.Contains(cell);
        cells.Missing[r] = isMissing;
        if (isMissing) length = 0;
        else if (suffix is not null && cell.EndsWith(suffix)) length -= suffix.Length;
        // Room for the vector copies of the cells after this one, too.
        int needed = cells.End + Math.Max(length, StringColumn.Slack);
        if (needed > cells.Bytes.Length) cells.Bytes = column.GrowBytes(needed);
        cell[..length].CopyTo(cells.Bytes.AsSpan(cells.End));
        cells.End += length;
        cells.Offsets[r + 1] = cells.End;
    }

    /// <summary>
    /// Copies string cells from row <paramref name="r"/> on with one 32-byte vector load and store each; returns the
    /// row count, or the first row it leaves to <see cref="CopyStringCell"/>: a cell longer than
    /// <see cref="StringColumn.Slack"/> or within that of the block's end, one whose length matches a missing token
    /// longer than a byte, one that ends like a suffix longer than a byte, or one that would not leave the slack free
    /// in the byte buffer. The options are type parameters so each combination compiles to a loop without their tests.
    /// </summary>
    [MethodImpl(MethodImplOptions.NoInlining)]   // no call inside: the loop state stays in registers
    private static int CopyStringCells<TTrim, TLastField>(ReadOnlySpan<byte> block, ReadOnlySpan<int> slots, int stride,
        MissingTokenSet tokens, byte[]? suffix, ref StringCells cells, int r)
        where TTrim : struct, IOption
        where TLastField : struct, IOption
    {
        const int slack = StringColumn.Slack;
        // Unchecked reads as in ConvertShortIntegers: every slot lies inside the block.
        ref byte source = ref MemoryMarshal.GetReference(block);
        ref int slot = ref MemoryMarshal.GetReference(slots);
        ref int offset = ref MemoryMarshal.GetReference(cells.Offsets);
        ref bool isMissing = ref MemoryMarshal.GetReference(cells.Missing);
        ref byte target = ref MemoryMarshal.GetArrayDataReference(cells.Bytes);
        ref ulong singleByteTokens = ref MemoryMarshal.GetArrayDataReference(tokens.SingleByteBits);
        ulong tokenLengths = tokens.LengthBits;
        int endLimit = cells.Bytes.Length - slack;
        int lastVector = block.Length - slack;
        int suffixLast = suffix is { Length: > 0 } ? suffix[^1] : -1;   // -1 matches no byte
        bool longSuffix = suffix is { Length: > 1 };
        int end = cells.End;
        int rows = cells.Missing.Length;
        for (int at = r * stride; r < rows; r++, at += stride)
        {
            int stop = CellBounds<TTrim, TLastField>(ref source, ref slot, at, out int start);
            int length = stop - start;
            if (length > slack || start > lastVector || end > endLimit) break;
            bool cellMissing = false;
            if (((tokenLengths >> length) & 1) != 0)
            {
                if (length != 1) break;
                byte b = Unsafe.Add(ref source, start);
                cellMissing = ((Unsafe.Add(ref singleByteTokens, b >> 6) >> b) & 1) != 0;   // a shift counts mod 64
            }
            Unsafe.Add(ref isMissing, r) = cellMissing;
            if (cellMissing) length = 0;
            else if (length > 0 && Unsafe.Add(ref source, stop - 1) == suffixLast)
            {
                if (longSuffix) break;
                length--;
            }
            // Checked above: `slack` bytes fit behind `end`, and `slack` bytes are readable from `start`.
            Vector256.LoadUnsafe(ref source, (nuint)start).StoreUnsafe(ref target, (nuint)end);
            end += length;
            Unsafe.Add(ref offset, r + 1) = end;
        }
        cells.End = end;
        return r;
    }

    /// <summary>A compile-time option of a column loop (<see cref="Yes"/> or <see cref="No"/>).</summary>
    private interface IOption
    {
        static abstract bool On { get; }
    }

    private readonly struct Yes : IOption
    {
        public static bool On => true;
    }

    private readonly struct No : IOption
    {
        public static bool On => false;
    }
}
