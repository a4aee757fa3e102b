using Sluice.Data.Columns;

namespace Sluice.Data.Pipeline;

/// <summary>
/// A fixed number of row slots that can be overwritten in any order (a <see cref="ColumnBatch"/> only appends
/// strings). Operations take a whole run of rows and work column by column, replaying the same slot sequence in every
/// column, so each column is one tight loop. Each string slot keeps its own byte array, grown when a longer value
/// arrives and reused after, so a shuffle buffer stops allocating once it has seen its longest values.
/// </summary>
internal sealed class RowBuffer
{
    private readonly float[]?[] _floats;
    private readonly long[]?[] _longs;
    private readonly byte[]?[][] _strings;
    private readonly int[]?[] _stringLengths;
    private readonly bool[][] _missing;

    public RowBuffer(ColumnBatch layout, int slots)
    {
        int n = layout.Columns.Count;
        _floats = new float[]?[n];
        _longs = new long[]?[n];
        _strings = new byte[]?[n][];
        _stringLengths = new int[]?[n];
        _missing = new bool[n][];
        for (int c = 0; c < n; c++)
        {
            _missing[c] = new bool[slots];
            switch (layout.Columns[c])
            {
                case FloatColumn: _floats[c] = new float[slots]; break;
                case Int64Column: _longs[c] = new long[slots]; break;
                default:
                    _strings[c] = new byte[slots][];
                    _stringLengths[c] = new int[slots];
                    break;
            }
        }
    }

    /// <summary>Slots <paramref name="firstSlot"/>.. take rows <paramref name="start"/>.. of <paramref name="source"/>.</summary>
    public void Fill(ColumnBatch source, int start, int count, int firstSlot)
    {
        for (int c = 0; c < _missing.Length; c++)
        {
            var from = source.Columns[c];
            Array.Copy(from.MissingBuffer, start, _missing[c], firstSlot, count);
            if (_floats[c] is { } floats) Array.Copy(((FloatColumn)from).Buffer, start, floats, firstSlot, count);
            else if (_longs[c] is { } longs) Array.Copy(((Int64Column)from).Buffer, start, longs, firstSlot, count);
            else
            {
                var strings = (StringColumn)from;
                for (int i = 0; i < count; i++) StoreString(c, firstSlot + i, strings.GetBytes(start + i));
            }
        }
    }

    /// <summary>
    /// For each i in order: append slot <c>slots[i]</c> to <paramref name="output"/>, then put row
    /// <paramref name="start"/>+i of <paramref name="source"/> in that slot.
    /// </summary>
    public void Exchange(ColumnBatch source, int start, ReadOnlySpan<int> slots, ColumnBatch output)
    {
        int row0 = Reserve(output, slots.Length);
        for (int c = 0; c < _missing.Length; c++)
        {
            var from = source.Columns[c];
            var to = output.Columns[c];
            bool[] missing = _missing[c], fromMissing = from.MissingBuffer, toMissing = to.MissingBuffer;
            if (_floats[c] is { } floats)
            {
                float[] fromValues = ((FloatColumn)from).Buffer, toValues = ((FloatColumn)to).Buffer;
                for (int i = 0; i < slots.Length; i++)
                {
                    int s = slots[i];
                    toValues[row0 + i] = floats[s];
                    toMissing[row0 + i] = missing[s];
                    floats[s] = fromValues[start + i];
                    missing[s] = fromMissing[start + i];
                }
            }
            else if (_longs[c] is { } longs)
            {
                long[] fromValues = ((Int64Column)from).Buffer, toValues = ((Int64Column)to).Buffer;
                for (int i = 0; i < slots.Length; i++)
                {
                    int s = slots[i];
                    toValues[row0 + i] = longs[s];
                    toMissing[row0 + i] = missing[s];
                    longs[s] = fromValues[start + i];
                    missing[s] = fromMissing[start + i];
                }
            }
            else
            {
                var fromStrings = (StringColumn)from;
                var toStrings = (StringColumn)to;
                for (int i = 0; i < slots.Length; i++)
                {
                    int s = slots[i];
                    toStrings.Append(_strings[c]![s].AsSpan(0, _stringLengths[c]![s]));
                    toMissing[row0 + i] = missing[s];
                    StoreString(c, s, fromStrings.GetBytes(start + i));
                    missing[s] = fromMissing[start + i];
                }
            }
        }
        output.RowCount = row0 + slots.Length;
    }

    /// <summary>For each i in order: append slot <c>emit[i]</c>, then move slot <c>moveFrom[i]</c> into it.</summary>
    public void Drain(ReadOnlySpan<int> emit, ReadOnlySpan<int> moveFrom, ColumnBatch output)
    {
        int row0 = Reserve(output, emit.Length);
        for (int c = 0; c < _missing.Length; c++)
        {
            var to = output.Columns[c];
            bool[] missing = _missing[c], toMissing = to.MissingBuffer;
            for (int i = 0; i < emit.Length; i++)
            {
                int s = emit[i], m = moveFrom[i];
                toMissing[row0 + i] = missing[s];
                missing[s] = missing[m];
                if (_floats[c] is { } floats)
                {
                    ((FloatColumn)to).Buffer[row0 + i] = floats[s];
                    floats[s] = floats[m];
                }
                else if (_longs[c] is { } longs)
                {
                    ((Int64Column)to).Buffer[row0 + i] = longs[s];
                    longs[s] = longs[m];
                }
                else
                {
                    var bytes = _strings[c]!;
                    var lengths = _stringLengths[c]!;
                    ((StringColumn)to).Append(bytes[s].AsSpan(0, lengths[s]));
                    (bytes[s], bytes[m]) = (bytes[m], bytes[s]);   // the moved-from slot is dead: swap arrays, keep both pooled
                    lengths[s] = lengths[m];
                }
            }
        }
        output.RowCount = row0 + emit.Length;
    }

    private static int Reserve(ColumnBatch output, int rows)
    {
        int row0 = output.RowCount;
        foreach (var column in output.Columns)
        {
            if (row0 + rows > column.Capacity) column.EnsureCapacity(row0 + rows, row0);
        }
        return row0;
    }

    private void StoreString(int column, int slot, ReadOnlySpan<byte> bytes)
    {
        ref byte[]? storage = ref _strings[column]![slot];
        if (storage is null || storage.Length < bytes.Length) storage = new byte[Math.Max(16, bytes.Length * 2)];
        bytes.CopyTo(storage);
        _stringLengths[column]![slot] = bytes.Length;
    }
}
