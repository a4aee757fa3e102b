using System.Collections.Concurrent;
using System.Diagnostics;
using Sluice.Data.Columns;
using Sluice.Serving.Metrics;
using Sluice.Serving.Servables;

namespace Sluice.Serving.Batching;

/// <summary>
/// Coalesces concurrent requests for one model version into batched executions, without a dispatcher thread:
/// a request joins a bounded queue, then, if one of the version's <see cref="BatchingOptions.Workers"/> predictor
/// slots is free, its own thread takes the slot and runs everything queued (up to
/// <see cref="BatchingOptions.MaxBatchSize"/> rows per execution) until the queue is empty. A request that finds
/// every slot busy just waits: a slot holder checks the queue again after returning its slot, so queued work is
/// never stranded. A lone request therefore runs on its own thread at once (no hand-off, no added latency), and
/// under load the requests that queue up during one execution run together in the next.
/// </summary>
internal sealed class DynamicBatcher : IAsyncDisposable
{
    private readonly IServable _servable;
    private readonly BatchingOptions _options;
    private readonly ServingMetrics _metrics;
    private readonly ConcurrentQueue<PredictWork> _queue = new();
    private readonly ConcurrentStack<Slot> _free = new();
    private readonly Slot[] _slots;
    private int _queued;
    private volatile bool _disposed;

    /// <summary>A predictor with its input batch and the requests of its current execution (used by one thread at a time).</summary>
    private sealed class Slot(IServablePredictor predictor, int maxBatchSize)
    {
        public IServablePredictor Predictor { get; } = predictor;
        public ColumnBatch Batch { get; } = predictor.CreateInputBatch();
        public List<PredictWork> Taken { get; } = new(maxBatchSize);
    }

    public DynamicBatcher(IServable servable, BatchingOptions options, int maxRowsPerRequest, ServingMetrics metrics)
    {
        _servable = servable;
        _options = options;
        _metrics = metrics;
        int capacity = Math.Max(options.MaxBatchSize, maxRowsPerRequest);
        _slots = new Slot[Math.Max(1, options.Workers)];
        for (int i = 0; i < _slots.Length; i++)
        {
            _slots[i] = new Slot(servable.CreatePredictor(capacity), options.MaxBatchSize);
            _free.Push(_slots[i]);
        }
    }

    /// <summary>Requests waiting in the queue now (not those executing).</summary>
    public int QueuedCount => Volatile.Read(ref _queued);

    /// <summary>
    /// Queues <paramref name="input"/> and helps execute the queue when a slot is free; false when the queue is full
    /// (the caller answers 429). The returned task completes when the rows are predicted.
    /// </summary>
    public bool TryEnqueue(ColumnBatch input, out Task<PredictionResult> result)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (Interlocked.Increment(ref _queued) > _options.QueueCapacity)
        {
            Interlocked.Decrement(ref _queued);
            result = Task.FromResult<PredictionResult>(null!);
            return false;
        }
        var work = new PredictWork(input);
        result = work.Task;
        _queue.Enqueue(work);
        Drain();
        return true;
    }

    /// <summary>Runs one input through every slot's predictor (warm-up, before the version takes traffic).</summary>
    public void WarmUp(ColumnBatch input)
    {
        foreach (var slot in _slots)
        {
            slot.Batch.Reset();
            ColumnCopy.AppendRows(input, slot.Batch);
            slot.Predictor.Predict(slot.Batch);
        }
    }

    /// <summary>While work is queued and a slot is free, take the slot and execute batches.</summary>
    private void Drain()
    {
        // Return the slot before looking at the queue again: a request that queued while we held the slot and found
        // no free slot relies on that second look (or on another holder's).
        while (!_queue.IsEmpty && _free.TryPop(out var slot))
        {
            try
            {
                while (TakeBatch(slot)) Execute(slot);
            }
            finally
            {
                _free.Push(slot);
            }
        }
    }

    /// <summary>Moves queued requests into the slot while they fit in one batch (the first always does); false if none.</summary>
    private bool TakeBatch(Slot slot)
    {
        var taken = slot.Taken;
        taken.Clear();
        int rows = TakeQueued(taken, 0);
        if (rows == 0) return false;
        if (_options.MaxWait > TimeSpan.Zero && rows < _options.MaxBatchSize)
        {
            long deadline = Stopwatch.GetTimestamp() + (long)(_options.MaxWait.TotalSeconds * Stopwatch.Frequency);
            while (rows < _options.MaxBatchSize && Stopwatch.GetTimestamp() < deadline)
            {
                int before = rows;
                rows = TakeQueued(taken, rows);
                if (rows == before && !_queue.IsEmpty) break; // the next request does not fit
                if (rows == before) Thread.Yield();
            }
        }
        return true;
    }

    private int TakeQueued(List<PredictWork> taken, int rows)
    {
        while (_queue.TryPeek(out var next))
        {
            if (taken.Count > 0 && rows + next.Rows > _options.MaxBatchSize) break;
            if (!_queue.TryDequeue(out next)) break;
            Interlocked.Decrement(ref _queued);
            taken.Add(next);
            rows += next.Rows;
        }
        return rows;
    }

    private void Execute(Slot slot)
    {
        var taken = slot.Taken;
        try
        {
            Run(slot, taken);
        }
        catch (Exception) when (taken.Count > 1)
        {
            // One request's rows broke the execution: run each alone so only that request fails.
            foreach (var work in taken)
            {
                try { Run(slot, [work]); }
                catch (Exception e) { work.TrySetException(e); }
            }
        }
        catch (Exception e)
        {
            taken[0].TrySetException(e);
        }
        finally
        {
            taken.Clear();
        }
    }

    private void Run(Slot slot, List<PredictWork> works)
    {
        var batch = slot.Batch;
        batch.Reset();
        foreach (var work in works) ColumnCopy.AppendRows(work.Input, batch);
        _metrics.ObserveBatch(batch.RowCount);
        var output = slot.Predictor.Predict(batch);
        int first = 0;
        foreach (var work in works)
        {
            var result = new PredictionResult(_servable.Signature, work.Rows);
            result.CopyFrom(output, first);
            first += work.Rows;
            work.TrySetResult(result);
        }
    }

    /// <summary>Refuses new work, finishes what is queued, and waits until every slot is back.</summary>
    public async ValueTask DisposeAsync()
    {
        _disposed = true;
        Drain();
        while (_free.Count < _slots.Length || !_queue.IsEmpty)
        {
            Drain();
            await Task.Delay(1).ConfigureAwait(false);
        }
    }
}
