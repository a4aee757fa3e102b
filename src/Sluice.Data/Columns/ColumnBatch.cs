namespace Sluice.Data.Columns;

/// <summary>
/// A batch of rows stored column by column: one typed buffer per feature. This is the currency between the input
/// pipeline, the feature columns of the estimators and the model server (which builds one from JSON instances).
/// </summary>
public sealed class ColumnBatch
{
    private readonly Column[] _columns;
    private readonly Dictionary<string, int> _indexByName;

    public ColumnBatch(IReadOnlyList<Column> columns)
    {
        _columns = [.. columns];
        _indexByName = new Dictionary<string, int>(StringComparer.Ordinal);
        for (int i = 0; i < _columns.Length; i++)
        {
            if (!_indexByName.TryAdd(_columns[i].Name, i))
                throw new ArgumentException($"Column '{_columns[i].Name}' appears twice in the batch.", nameof(columns));
        }
    }

    /// <summary>How many rows are filled.</summary>
    public int RowCount { get; set; }

    /// <summary>How many rows every column holds without growing (the smallest column capacity).</summary>
    public int Capacity
    {
        get
        {
            int capacity = int.MaxValue;
            foreach (var column in _columns) capacity = Math.Min(capacity, column.Capacity);
            return capacity;
        }
    }

    /// <summary>The columns, in schema order.</summary>
    public IReadOnlyList<Column> Columns => _columns;

    /// <summary>The column named <paramref name="name"/>.</summary>
    public Column this[string name] => TryGet(name, out var column)
        ? column
        : throw new KeyNotFoundException($"The batch has no column '{name}'. Columns: {string.Join(", ", _indexByName.Keys)}.");

    public bool TryGet(string name, out Column column)
    {
        if (_indexByName.TryGetValue(name, out int index))
        {
            column = _columns[index];
            return true;
        }
        column = null!;
        return false;
    }

    /// <summary>A new empty batch with the same column names and kinds, able to hold <paramref name="capacity"/> rows.</summary>
    public ColumnBatch CreateEmptyLike(int capacity)
    {
        var columns = new Column[_columns.Length];
        for (int i = 0; i < columns.Length; i++)
        {
            string name = _columns[i].Name;
            columns[i] = _columns[i] switch
            {
                FloatColumn => new FloatColumn(name, capacity),
                Int64Column => new Int64Column(name, capacity),
                StringColumn => new StringColumn(name, capacity),
                var other => throw new NotSupportedException($"Column '{name}' has an unknown type {other.GetType().Name}."),
            };
        }
        return new ColumnBatch(columns);
    }

    /// <summary>
    /// Appends row <paramref name="row"/> of <paramref name="source"/> (same columns in the same order, e.g. made by
    /// <see cref="CreateEmptyLike"/>), growing the buffers when full.
    /// </summary>
    public void AppendRow(ColumnBatch source, int row)
    {
        int target = RowCount;
        for (int i = 0; i < _columns.Length; i++)
        {
            var to = _columns[i];
            var from = source._columns[i];
            if (target >= to.Capacity) to.EnsureCapacity(target + 1, target);
            to.Missing[target] = from.Missing[row];
            switch (to)
            {
                case FloatColumn floats: floats.Values[target] = ((FloatColumn)from).Values[row]; break;
                case Int64Column longs: longs.Values[target] = ((Int64Column)from).Values[row]; break;
                case StringColumn strings: strings.Append(((StringColumn)from).GetBytes(row)); break;
            }
        }
        RowCount = target + 1;
    }

    /// <summary>Appends <paramref name="count"/> rows of <paramref name="source"/> from <paramref name="start"/>, column by column.</summary>
    public void AppendRows(ColumnBatch source, int start, int count)
    {
        int target = RowCount;
        for (int i = 0; i < _columns.Length; i++)
        {
            var to = _columns[i];
            var from = source._columns[i];
            if (target + count > to.Capacity) to.EnsureCapacity(target + count, target);
            Array.Copy(from.MissingBuffer, start, to.MissingBuffer, target, count);
            switch (to)
            {
                case FloatColumn floats: Array.Copy(((FloatColumn)from).Buffer, start, floats.Buffer, target, count); break;
                case Int64Column longs: Array.Copy(((Int64Column)from).Buffer, start, longs.Buffer, target, count); break;
                case StringColumn strings: strings.AppendRange((StringColumn)from, start, count); break;
            }
        }
        RowCount = target + count;
    }

    /// <summary>Empties the batch for refilling, keeping its buffers.</summary>
    public void Reset()
    {
        foreach (var column in _columns) column.Reset(RowCount);
        RowCount = 0;
    }
}
