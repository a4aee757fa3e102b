using Sluice.Data.Columns;

namespace Sluice.Data.Pipeline;

/// <summary>Keeps rows whose position in the stream is <c>index</c> modulo <c>count</c>.</summary>
internal sealed class ShardRowSource(IRowSource upstream, int count, int index) : IRowSource
{
    private ColumnBatch? _chunk;
    private long _position;

    public ColumnBatch? Next()
    {
        while (upstream.Next() is { } rows)
        {
            _chunk ??= rows.CreateEmptyLike(Math.Max(1, rows.RowCount / count + 1));
            _chunk.Reset();
            // First row of this chunk that belongs to the shard, then every count-th one.
            int first = (int)((index - _position % count + count) % count);
            for (int r = first; r < rows.RowCount; r += count) _chunk.AppendRow(rows, r);
            _position += rows.RowCount;
            if (_chunk.RowCount > 0) return _chunk;
        }
        return null;
    }

    public void Dispose() => upstream.Dispose();
}
