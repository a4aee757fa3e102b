using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
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

    // Every delimiter and newline position in order, after a -1 for the position before the block: record r's fields
    // end at slots 1 + r·Width .. (r + 1)·Width (the last one its newline), so field f of record r is
    // (slots[r·Width + f] + 1 .. slots[r·Width + f + 1]). Room for one 64-byte chunk's positions past the last record.
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
        if (_separators.Length < maxRecords * width + 1 + 64) _separators = new int[maxRecords * width + 1 + 64];

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
    /// Splits complete lines into records of exactly <paramref name="width"/> fields, stopping at
    /// <paramref name="maxRecords"/> or before the first line that is anything else (another field count, a comment
    /// or, for one-field records, an empty line: the record path reads or skips it, then blocks resume). Two steps:
    /// <see cref="FindSeparators"/> lists every delimiter and newline with no branch on which it is, then each
    /// record's last separator must be a newline, and the newline count shows that no line ended early.
    /// </summary>
    private int Tokenize(ReadOnlySpan<byte> region, int width, int maxRecords, out int consumedBytes, out int consumedLines)
    {
        int[] slots = _separators;
        int found = FindSeparators(region, _delimiter, slots, maxRecords * width);
        int records = Math.Min(found / width, maxRecords);
        for (int r = 0; r < records; r++)
        {
            int lineStart = slots[r * width] + 1;
            int lineEnd = slots[(r + 1) * width];
            if (region[lineEnd] != '\n' || IsSkippedLine(region, lineStart, lineEnd, width))
            {
                records = r;
                break;
            }
        }
        int end = records == 0 ? 0 : slots[records * width] + 1;
        if (records > 0 && region[..end].Count((byte)'\n') != records)
        {
            // A line ended early (fewer fields, or an empty line): the block stops before it.
            for (int r = 0; r < records; r++)
            {
                int lineStart = slots[r * width] + 1;
                if (region[lineStart..slots[(r + 1) * width]].Contains((byte)'\n'))
                {
                    records = r;
                    break;
                }
            }
            end = records == 0 ? 0 : slots[records * width] + 1;
        }
        consumedBytes = end;
        consumedLines = records;
        return records;
    }

    /// <summary>A comment line, or an empty one standing for a one-field record: for the record path to skip.</summary>
    private bool IsSkippedLine(ReadOnlySpan<byte> region, int lineStart, int lineEnd, int width)
    {
        if (_commentPrefix is not null && region[lineStart] == _commentPrefix[0] && IsCommentAt(region, lineStart)) return true;
        return width == 1 && _schema.Read.SkipEmptyLines && (lineEnd == lineStart || (lineEnd == lineStart + 1 && region[lineStart] == '\r'));
    }

    /// <summary>
    /// Writes the positions of delimiters and newlines in <paramref name="region"/> to slots 1, 2, … (slot 0 gets -1)
    /// until at least <paramref name="wanted"/> are found or the region ends; returns how many. 64 bytes at a time:
    /// one mask of separator bits, then one store per set bit, whichever separator it is (a split that branched on newline vs
    /// delimiter mispredicted once per line). May write up to 64 slots past the count it returns.
    /// </summary>
    private static int FindSeparators(ReadOnlySpan<byte> region, byte delimiter, int[] slots, int wanted)
    {
        slots[0] = -1;
        int count = 0;
        int length = region.Length;
        int p = 0;
        ref byte start = ref MemoryMarshal.GetReference(region);
        if (Vector512.IsHardwareAccelerated || Vector256.IsHardwareAccelerated)
        {
            // Unchecked stores: the caller's slots hold wanted + 1 + 64, and a chunk starts only below `wanted`.
            ref int slot = ref MemoryMarshal.GetArrayDataReference(slots);
            for (; count < wanted && p + 64 <= length; p += 64)
            {
                ulong mask = ByteMask(ref start, p, delimiter) | ByteMask(ref start, p, (byte)'\n');
                int bits = BitOperations.PopCount(mask);
                // Twelve stores whatever the count (a census chunk has about eight separators): a loop over the bits
                // mispredicted its exit once per chunk. Stores past the count hold junk that later chunks overwrite.
                ref int at = ref Unsafe.Add(ref slot, count + 1);
                Put(ref at, 0, p, ref mask);
                Put(ref at, 1, p, ref mask);
                Put(ref at, 2, p, ref mask);
                Put(ref at, 3, p, ref mask);
                Put(ref at, 4, p, ref mask);
                Put(ref at, 5, p, ref mask);
                Put(ref at, 6, p, ref mask);
                Put(ref at, 7, p, ref mask);
                Put(ref at, 8, p, ref mask);
                Put(ref at, 9, p, ref mask);
                Put(ref at, 10, p, ref mask);
                Put(ref at, 11, p, ref mask);
                for (int i = 12; i < bits; i++) Put(ref at, i, p, ref mask);
                count += bits;
            }
        }
        for (; count < wanted && p < length; p++)
        {
            byte b = region[p];
            if (b == delimiter || b == '\n') slots[++count] = p;
        }
        return count;
    }

    /// <summary>Stores the position of the lowest set bit of <paramref name="mask"/> in slot <paramref name="i"/> and clears it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put(ref int slots, int i, int chunk, ref ulong mask)
    {
        Unsafe.Add(ref slots, i) = chunk + BitOperations.TrailingZeroCount(mask);
        mask &= mask - 1;
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
