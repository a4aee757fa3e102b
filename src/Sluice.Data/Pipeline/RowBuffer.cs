using Sluice.Data.Columns;

namespace Sluice.Data.Pipeline;

/// <summary>
/// A fixed number of row slots that can be overwritten in any order (a <see cref="ColumnBatch"/> only appends
/// strings). Each string slot keeps its own byte array, grown when a longer value arrives and reused after, so a
/// shuffle buffer stops allocating once it has seen its longest values.
/// </summary>
internal sealed class RowBuffer
{
    private readonly Column[] _layout;
    private readonly float[]?[] _floats;
    private readonly long[]?[] _longs;
    private readonly byte[]?[][] _strings;
    private readonly int[]?[] _stringLengths;
    private readonly bool[][] _missing;

    public RowBuffer(ColumnBatch layout, int slots)
    {
        _layout = [.. layout.Columns];
        int n = _layout.Length;
        _floats = new float[]?[n];
        _longs = new long[]?[n];
        _strings = new byte[]?[n][];
        _stringLengths = new int[]?[n];
        _missing = new bool[n][];
        for (int c = 0; c < n; c++)
        {
            _missing[c] = new bool[slots];
            switch (_layout[c])
            {
                case FloatColumn: _floats[c] = new float[slots]; break;
                case Int64Column: _longs[c] = new long[slots]; break;
                default:
                    _strings[c] = new byte[slots][];
                    _stringLengths[c] = new int[slots];
                    break;
            }
        }
        Slots = slots;
    }

    public int Slots { get; }

    /// <summary>Copies row <paramref name="row"/> of <paramref name="source"/> into slot <paramref name="slot"/>.</summary>
    public void Store(int slot, ColumnBatch source, int row)
    {
        for (int c = 0; c < _layout.Length; c++)
        {
            var from = source.Columns[c];
            _missing[c][slot] = from.Missing[row];
            if (_floats[c] is { } floats) floats[slot] = ((FloatColumn)from).Values[row];
            else if (_longs[c] is { } longs) longs[slot] = ((Int64Column)from).Values[row];
            else
            {
                var bytes = ((StringColumn)from).GetBytes(row);
                ref byte[]? storage = ref _strings[c]![slot];
                if (storage is null || storage.Length < bytes.Length) storage = new byte[Math.Max(16, bytes.Length * 2)];
                bytes.CopyTo(storage);
                _stringLengths[c]![slot] = bytes.Length;
            }
        }
    }

    /// <summary>Appends slot <paramref name="slot"/> as the next row of <paramref name="target"/>.</summary>
    public void AppendTo(ColumnBatch target, int slot)
    {
        int row = target.RowCount;
        for (int c = 0; c < _layout.Length; c++)
        {
            var to = target.Columns[c];
            if (row >= to.Capacity) to.EnsureCapacity(row + 1, row);
            to.Missing[row] = _missing[c][slot];
            if (_floats[c] is { } floats) ((FloatColumn)to).Values[row] = floats[slot];
            else if (_longs[c] is { } longs) ((Int64Column)to).Values[row] = longs[slot];
            else ((StringColumn)to).Append(_strings[c]![slot].AsSpan(0, _stringLengths[c]![slot]));
        }
        target.RowCount = row + 1;
    }
}
