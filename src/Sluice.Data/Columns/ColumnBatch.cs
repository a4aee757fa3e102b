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

    /// <summary>Empties the batch for refilling, keeping its buffers.</summary>
    public void Reset()
    {
        foreach (var column in _columns) column.Reset(RowCount);
        RowCount = 0;
    }
}
