using System.Collections.Concurrent;
using Sluice.Data.Columns;

namespace Sluice.Data.Pipeline;

/// <summary>
/// Cuts the row stream into batches of a fixed size. Batches come from a pool and return to it on
/// <see cref="Release"/>, so the number of live batches is bounded by what downstream holds at once.
/// </summary>
internal sealed class BatchStage(IRowSource upstream, int batchSize, bool dropRemainder) : IStage<ColumnBatch>
{
    private readonly ConcurrentQueue<ColumnBatch> _pool = new();
    private ColumnBatch? _chunk;
    private int _chunkRow;
    private bool _done;
    private int _created;

    /// <summary>How many batch buffers this stage has allocated (for tests of the memory bound).</summary>
    public int BatchesCreated => _created;

    public bool TryNext(out ColumnBatch batch)
    {
        batch = null!;
        if (_done) return false;
        ColumnBatch? target = null;
        while (target is null || target.RowCount < batchSize)
        {
            if (_chunk is null || _chunkRow >= _chunk.RowCount)
            {
                _chunk = upstream.Next();
                _chunkRow = 0;
                if (_chunk is null)
                {
                    _done = true;
                    break;
                }
            }
            target ??= Rent(_chunk);
            int take = Math.Min(batchSize - target.RowCount, _chunk.RowCount - _chunkRow);
            target.AppendRows(_chunk, _chunkRow, take);
            _chunkRow += take;
        }
        if (target is null) return false;
        if (target.RowCount == 0 || (dropRemainder && target.RowCount < batchSize))
        {
            Release(target);
            return false;
        }
        batch = target;
        return true;
    }

    private ColumnBatch Rent(ColumnBatch layout)
    {
        if (_pool.TryDequeue(out var batch))
        {
            batch.Reset();
            return batch;
        }
        Interlocked.Increment(ref _created);
        return layout.CreateEmptyLike(batchSize);
    }

    public void Release(ColumnBatch item) => _pool.Enqueue(item);

    public void Dispose() => upstream.Dispose();
}
