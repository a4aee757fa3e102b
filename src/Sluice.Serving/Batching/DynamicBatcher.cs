using System.Threading.Channels;
using Sluice.Data.Columns;
using Sluice.Serving.Metrics;
using Sluice.Serving.Servables;

namespace Sluice.Serving.Batching;

/// <summary>
/// Coalesces concurrent requests for one model version into batched executions. A bounded queue feeds
/// <see cref="BatchingOptions.Workers"/> workers, each owning a predictor; a worker drains up to
/// <see cref="BatchingOptions.MaxBatchSize"/> rows from the queue, predicts once and hands each request its rows.
/// </summary>
internal sealed class DynamicBatcher : IAsyncDisposable
{
    private readonly IServable _servable;
    private readonly BatchingOptions _options;
    private readonly ServingMetrics _metrics;
    private readonly Channel<PredictWork> _queue;
    private readonly Task[] _workers;

    public DynamicBatcher(IServable servable, BatchingOptions options, int maxRowsPerRequest, ServingMetrics metrics)
    {
        _servable = servable;
        _options = options;
        _metrics = metrics;
        _queue = Channel.CreateBounded<PredictWork>(new BoundedChannelOptions(options.QueueCapacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleWriter = false,
            SingleReader = false,
        });
        int capacity = Math.Max(options.MaxBatchSize, maxRowsPerRequest);
        _workers = new Task[Math.Max(1, options.Workers)];
        for (int i = 0; i < _workers.Length; i++)
        {
            var predictor = servable.CreatePredictor(capacity);
            _workers[i] = Task.Run(() => RunWorkerAsync(predictor));
        }
    }

    /// <summary>Queues <paramref name="input"/>; false when the queue is full (the caller answers 429).</summary>
    public bool TryEnqueue(ColumnBatch input, out Task<PredictionResult> result)
    {
        var work = new PredictWork(input);
        result = work.Task;
        return _queue.Writer.TryWrite(work);
    }

    private async Task RunWorkerAsync(IServablePredictor predictor)
    {
        var batch = predictor.CreateInputBatch();
        var taken = new List<PredictWork>(_options.MaxBatchSize);
        var reader = _queue.Reader;
        while (await reader.WaitToReadAsync().ConfigureAwait(false))
        {
            int rows = Take(reader, taken, 0);
            if (rows == 0) continue;
            if (_options.MaxWait > TimeSpan.Zero && rows < _options.MaxBatchSize)
                rows = await WaitForMoreAsync(reader, taken, rows).ConfigureAwait(false);
            Execute(predictor, batch, taken);
            taken.Clear();
        }
    }

    /// <summary>Moves queued requests into <paramref name="taken"/> while they fit in one batch (the first always does).</summary>
    private int Take(ChannelReader<PredictWork> reader, List<PredictWork> taken, int rows)
    {
        while (reader.TryPeek(out var next))
        {
            if (taken.Count > 0 && rows + next.Rows > _options.MaxBatchSize) break;
            if (!reader.TryRead(out next)) break;
            taken.Add(next);
            rows += next.Rows;
        }
        return rows;
    }

    private async Task<int> WaitForMoreAsync(ChannelReader<PredictWork> reader, List<PredictWork> taken, int rows)
    {
        var deadline = DateTime.UtcNow + _options.MaxWait;
        while (rows < _options.MaxBatchSize)
        {
            var remaining = deadline - DateTime.UtcNow;
            if (remaining <= TimeSpan.Zero) break;
            var more = reader.WaitToReadAsync().AsTask();
            if (await Task.WhenAny(more, Task.Delay(remaining)).ConfigureAwait(false) != more || !more.Result) break;
            int before = rows;
            rows = Take(reader, taken, rows);
            if (rows == before) break; // the next request does not fit: run what we have
        }
        return rows;
    }

    private void Execute(IServablePredictor predictor, ColumnBatch batch, List<PredictWork> taken)
    {
        try
        {
            batch.Reset();
            foreach (var work in taken) ColumnCopy.AppendRows(work.Input, batch);
            _metrics.ObserveBatch(batch.RowCount);
            var output = predictor.Predict(batch);
            int first = 0;
            foreach (var work in taken)
            {
                var result = new PredictionResult(_servable.Signature, work.Rows);
                result.CopyFrom(output, first);
                first += work.Rows;
                work.TrySetResult(result);
            }
        }
        catch (Exception e)
        {
            foreach (var work in taken) work.TrySetException(e);
        }
    }

    /// <summary>Stops taking work, lets the workers finish what is queued, then returns.</summary>
    public async ValueTask DisposeAsync()
    {
        _queue.Writer.TryComplete();
        await Task.WhenAll(_workers).ConfigureAwait(false);
    }
}
