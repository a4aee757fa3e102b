using Sluice.Data.Columns;

namespace Sluice.Data.Pipeline;

/// <summary>Rows of an in-memory <see cref="ColumnBatch"/> delivered as one chunk.</summary>
internal sealed class BatchRowSource(ColumnBatch rows) : IRowSource
{
    private bool _done;

    public ColumnBatch? Next()
    {
        if (_done || rows.RowCount == 0) return null;
        _done = true;
        return rows;
    }

    public void Dispose() { }
}
