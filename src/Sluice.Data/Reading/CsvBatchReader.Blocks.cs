using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Text.Unicode;
using Sluice.Data.Columns;
using Sluice.Data.Schema;
using Sluice.Data.Text;

namespace Sluice.Data.Reading;

/// <summary>
/// The fast path: a block of up to <see cref="BlockRecords"/> complete, quote-free, valid UTF-8 lines is split with
/// one SIMD pass that records every delimiter and newline position, then converted column by column (a tight loop
/// per column kind). Anything unusual (a quote, a wrong field count, invalid UTF-8, a cell that does not parse)
/// hands the affected records to the record-at-a-time path, which reports errors with full detail.
/// </summary>
public sealed partial class CsvBatchReader
{
    // Small enough that a block's bytes (~128 bytes a census line) and its separator table stay in the L1/L2 cache
    // while each column pass walks them again; large enough that the per-block work is amortised.
    private const int BlockRecords = 256;

    private int _slowRecords;             // records the record-at-a-time path must handle before blocks resume

    // Per record, Width + 1 slots: the position before its first byte, then the end of each field (the delimiter or
    // newline after it). Field f of record r is (slots[r·(Width+1) + f] + 1 .. slots[r·(Width+1) + f + 1]).
    private int[] _separators = [];

    /// <summary>Reads up to <paramref name="maxRecords"/> rows as a block; 0 when the next record needs the slow path.</summary>
    private int TryReadBlock(ColumnBatch batch, int row, int maxRecords, bool grow)
    {
        if (_window.Available.Length < 1 << 18 && !_window.EndOfStream) _window.Fill();
        var data = _window.Available;
        int lastNewline = data.LastIndexOf((byte)'\n');
        if (lastNewline < 0) return 0;
        var region = data[..(lastNewline + 1)];
        int quote = FindQuote(region);
        if (quote >= 0)
        {
            region = region[..(region[..quote].LastIndexOf((byte)'\n') + 1)];
            if (region.IsEmpty) return 0;
        }
        int width = _expectedFields;
        if (_separators.Length < maxRecords * (width + 1)) _separators = new int[maxRecords * (width + 1)];

        int records = Tokenize(region, width, maxRecords, out int consumedBytes, out int consumedLines);
        if (records == 0)
        {
            // Only skipped lines (or the next record is unusual): consume what was skipped, let the slow path go on.
            _window.Advance(consumedBytes);
            _line += consumedLines;
            return 0;
        }
        var block = region[..consumedBytes];
        if (!Utf8.IsValid(block))
        {
            _slowRecords = records;
            return 0;
        }
        if (grow)
        {
            foreach (var column in batch.Columns) column.EnsureCapacity(row + records, row);
        }
        for (int f = 0; f < width; f++)
        {
            int c = _columnOfField[f];
            if (c < 0) continue;
            bool ok = ConvertField(block, f, records, batch.Columns[c], row, _stripSuffixes[c]);
            if (!ok)
            {
                // A cell did not parse: undo the block and let the record path find and report it.
                foreach (var column in batch.Columns)
                {
                    if (column is StringColumn s) s.TruncateTo(row);
                }
                _slowRecords = records;
                return 0;
            }
        }
        batch.RowCount = row + records;
        Report.RowsRead += records;
        _window.Advance(consumedBytes);
        _line += consumedLines;
        return records;
    }

    /// <summary>
    /// Splits complete lines into records of exactly <paramref name="width"/> fields, skipping empty and comment
    /// lines. Stops at <paramref name="maxRecords"/> or before a record with another field count. The scan takes 64
    /// bytes at a time: masks of delimiter and newline bits, then one step per set bit (a delimiter is one store).
    /// </summary>
    private int Tokenize(ReadOnlySpan<byte> region, int width, int maxRecords, out int consumedBytes, out int consumedLines)
    {
        var state = new TokenizerState { Width = width, MaxRecords = maxRecords, InComment = IsCommentAt(region, 0), Slots = _separators };
        int[] slots = state.Slots;
        slots[0] = -1;
        byte delimiter = _delimiter;
        int length = region.Length;
        int blockStart = 0;
        ref byte start = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(region);
        // The current record's field count and first slot stay in locals (registers) between newlines: kept in the
        // state struct, which EndLine takes by reference, each delimiter was a load and store through the stack.
        int field = 0, slotBase = 0;
        if (Vector512.IsHardwareAccelerated || Vector256.IsHardwareAccelerated)
        {
            for (; blockStart + 64 <= length; blockStart += 64)
            {
                ulong newlines = ByteMask(ref start, blockStart, (byte)'\n');
                ulong mask = ByteMask(ref start, blockStart, delimiter) | newlines;
                while (mask != 0)
                {
                    int bit = System.Numerics.BitOperations.TrailingZeroCount(mask);
                    mask &= mask - 1;
                    int p = blockStart + bit;
                    if (((newlines >> bit) & 1) == 0)
                    {
                        // A delimiter. Inside a comment line the slots written here are rewritten by the next record.
                        if (field < width) slots[slotBase + 1 + field] = p;
                        field++;
                    }
                    else
                    {
                        state.Field = field;
                        if (!EndLine(region, p, ref state)) goto Done;
                        field = state.Field;
                        slotBase = state.Base;
                    }
                }
            }
        }
        for (int p = blockStart; p < length; p++)
        {
            byte b = region[p];
            if (b == delimiter)
            {
                if (field < width) slots[slotBase + 1 + field] = p;
                field++;
            }
            else if (b == '\n')
            {
                state.Field = field;
                if (!EndLine(region, p, ref state)) break;
                field = state.Field;
                slotBase = state.Base;
            }
        }
    Done:
        consumedBytes = state.ConsumedBytes;
        consumedLines = state.ConsumedLines;
        return state.Records;
    }

    private struct TokenizerState
    {
        public int Width, MaxRecords, Records, Field, Lines, RecordStart, ConsumedBytes, ConsumedLines;
        public int Base;        // the current record's first slot: Records · (Width + 1)
        public bool InComment;
        public int[] Slots;
    }

    /// <summary>Bit i set where byte <paramref name="offset"/> + i equals <paramref name="value"/> (64 bytes).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong ByteMask(ref byte start, int offset, byte value)
    {
        if (Vector512.IsHardwareAccelerated)
            return Vector512.Equals(Vector512.LoadUnsafe(ref start, (nuint)offset), Vector512.Create(value)).ExtractMostSignificantBits();
        var v = Vector256.Create(value);
        ulong low = Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)offset), v).ExtractMostSignificantBits();
        ulong high = Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)offset + 32), v).ExtractMostSignificantBits();
        return low | (high << 32);
    }

    /// <summary>Handles the newline at <paramref name="p"/> (ends a record, or a skipped line); false to stop tokenizing.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private bool EndLine(ReadOnlySpan<byte> region, int p, ref TokenizerState s)
    {
        s.Lines++;
        if (s.InComment || (s.Field == 0 && _schema.Read.SkipEmptyLines && (p == s.RecordStart || (p == s.RecordStart + 1 && region[s.RecordStart] == '\r'))))
        {
            s.InComment = false;   // a comment or empty line: skipped
        }
        else
        {
            if (s.Field + 1 != s.Width) return false;   // wrong field count: the record path reports or skips it
            s.Slots[s.Base + s.Width] = p;
            s.Records++;
            s.Base += s.Width + 1;
        }
        s.Field = 0;
        s.RecordStart = p + 1;
        s.ConsumedBytes = p + 1;
        s.ConsumedLines = s.Lines;
        if (s.Records == s.MaxRecords) return false;
        s.Slots[s.Base] = p;   // the next record starts after this newline
        s.InComment = _commentPrefix is not null && IsCommentAt(region, p + 1);
        return true;
    }

    private long _quoteScannedTo;       // absolute offset up to which the input has been searched for a quote
    private long _quoteAt = -1;         // absolute offset of the first quote found there, or -1

    /// <summary>First quote in <paramref name="region"/> (which starts at the window's consumed offset), scanning each byte once.</summary>
    private int FindQuote(ReadOnlySpan<byte> region)
    {
        long start = _window.Consumed;
        if (_quoteAt >= start) return _quoteAt - start < region.Length ? (int)(_quoteAt - start) : -1;
        long from = Math.Max(_quoteScannedTo, start);
        long end = start + region.Length;
        if (from < end)
        {
            int found = region[(int)(from - start)..].IndexOf((byte)'"');
            _quoteScannedTo = end;
            if (found >= 0)
            {
                _quoteAt = from + found;
                _quoteScannedTo = _quoteAt + 1;
                return (int)(_quoteAt - start);
            }
        }
        return -1;
    }

    private bool IsCommentAt(ReadOnlySpan<byte> region, int position) =>
        _commentPrefix is not null && region[position..].StartsWith(_commentPrefix);
}
