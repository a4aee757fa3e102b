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
            // Slot r·Width is record r - 1's newline, the end of its last field; after a skipped line, record r starts
            // later: field 0 reads those starts, put in place for it alone.
            if (f == 0) SwapSkippedLineStarts();
            bool ok = ConvertField(block, f, records, batch.Columns[c], row, _stripSuffixes[c]);
            if (f == 0) SwapSkippedLineStarts();
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
    /// Splits complete lines into records of exactly <paramref name="width"/> fields, skipping comment and empty lines,
    /// and stops at <paramref name="maxRecords"/> or before the first line with another field count (the record path
    /// reports or skips it, then blocks resume). Separators are found in rounds of 2, 4, 8, … records, each checked
    /// before the next is scanned, so a block that stops early scanned at most about twice what it used. A record's
    /// last separator must be a newline, and the newline count shows that no line ended early. A skipped line's
    /// separators leave the list; the record after it starts after its newline, kept in <see cref="_skips"/> because
    /// slot r·Width is also the previous record's end.
    /// </summary>
    private int Tokenize(ReadOnlySpan<byte> region, int width, int maxRecords, out int consumedBytes, out int consumedLines)
    {
        int[] slots = _separators;
        slots[0] = -1;
        _skipCount = 0;
        int found = 0, scanned = 0;   // separators in slots[1..found]; bytes searched
        int records = 0, skipped = 0;
        for (int round = 2; records < maxRecords; round = Math.Min(round * 2, maxRecords))
        {
            found = FindSeparators(region, _delimiter, slots, found, ref scanned, Math.Min(maxRecords, records + round) * width);
            int available = Math.Min(found / width, maxRecords);
            if (available == records) break;   // the region ends
            int r = records;
            for (; r < available; r++)
            {
                int lineStart = LineStart(slots, r, width);
                if (IsSkippedLine(region, lineStart))
                {
                    // A one-field record's start slot is also the previous record's only end: the block stops there.
                    if ((r > 0 && width == 1) || !RemoveLine(region, slots, r * width, ref found, out int newline)) break;
                    if (r == 0) slots[0] = newline;
                    else AddSkip(r, newline);
                    skipped++;
                    available = Math.Min(found / width, maxRecords);
                    r--;
                    continue;
                }
                if (region[slots[(r + 1) * width]] != '\n') break;
            }
            records = r;
            if (r < available) break;
        }
        int end = LineStart(slots, records, width);   // with the skipped lines after the last record; 0 for none
        int lines = region[..end].Count((byte)'\n');
        if (lines != records + skipped)
        {
            // A line ended early (fewer fields): the block stops before it.
            for (int r = 0; r < records; r++)
            {
                if (region[LineStart(slots, r, width)..slots[(r + 1) * width]].Contains((byte)'\n'))
                {
                    records = r;
                    break;
                }
            }
            end = LineStart(slots, records, width);
            lines = region[..end].Count((byte)'\n');
        }
        while (_skipCount > 0 && _skips[2 * _skipCount - 2] >= records) _skipCount--;   // starts of records not in the block
        consumedBytes = end;
        consumedLines = lines;
        return records;
    }

    /// <summary>A comment line, or an empty one when those are skipped.</summary>
    private bool IsSkippedLine(ReadOnlySpan<byte> region, int lineStart)
    {
        byte first = region[lineStart];
        if (_commentPrefix is not null && first == _commentPrefix[0] && IsCommentAt(region, lineStart)) return true;
        return _schema.Read.SkipEmptyLines && (first == '\n' || (first == '\r' && region[lineStart + 1] == '\n'));
    }

    /// <summary>
    /// Takes the separators of the line after slot <paramref name="at"/> out of the list (the later ones move down)
    /// and gives its <paramref name="newline"/>; false when that newline is not in the list.
    /// </summary>
    private static bool RemoveLine(ReadOnlySpan<byte> region, int[] slots, int at, ref int found, out int newline)
    {
        int last = at + 1;
        while (last <= found && region[slots[last]] != '\n') last++;
        newline = last <= found ? slots[last] : -1;
        if (last > found) return false;
        Array.Copy(slots, last + 1, slots, at + 1, found - last);
        found -= last - at;
        return true;
    }

    // Records that follow a skipped line inside the block: (record, position of the skipped line's newline) pairs.
    private int[] _skips = new int[16];
    private int _skipCount;

    private void AddSkip(int record, int newline)
    {
        if (_skipCount > 0 && _skips[2 * _skipCount - 2] == record)
        {
            _skips[2 * _skipCount - 1] = newline;   // several skipped lines in a row: the record starts after the last
            return;
        }
        if (2 * _skipCount + 2 > _skips.Length) Array.Resize(ref _skips, _skips.Length * 2);
        _skips[2 * _skipCount] = record;
        _skips[2 * _skipCount + 1] = newline;
        _skipCount++;
    }

    /// <summary>Where record <paramref name="r"/> starts: after slot r·Width, or after the skipped lines before it.</summary>
    private int LineStart(int[] slots, int r, int width)
    {
        for (int i = _skipCount - 1; i >= 0 && _skips[2 * i] >= r; i--)
        {
            if (_skips[2 * i] == r) return _skips[2 * i + 1] + 1;
        }
        return slots[r * width] + 1;
    }

    /// <summary>Exchanges slot r·Width with the skipped line's newline for each record after one (twice restores them).</summary>
    private void SwapSkippedLineStarts()
    {
        int width = _expectedFields;
        for (int i = 0; i < _skipCount; i++)
        {
            ref int slot = ref _separators[_skips[2 * i] * width];
            (slot, _skips[2 * i + 1]) = (_skips[2 * i + 1], slot);
        }
    }

    /// <summary>
    /// Appends the positions of delimiters and newlines in <paramref name="region"/> from byte
    /// <paramref name="scanned"/> on to slots <paramref name="found"/> + 1, … until at least
    /// <paramref name="wanted"/> are listed or the region ends; returns how many are listed and moves
    /// <paramref name="scanned"/> past the bytes searched. 64 bytes at a time: one mask of separator bits, then one
    /// store per set bit, whichever separator it is (a split that branched on newline vs delimiter mispredicted once
    /// per line). May write up to 64 slots past the count it returns.
    /// </summary>
    private static int FindSeparators(ReadOnlySpan<byte> region, byte delimiter, int[] slots, int found, ref int scanned, int wanted)
    {
        int count = found;
        int length = region.Length;
        int p = scanned;
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
        scanned = p;
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
