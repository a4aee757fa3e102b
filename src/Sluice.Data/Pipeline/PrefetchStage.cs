using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;

namespace Sluice.Data.Pipeline;

/// <summary>
/// Runs the upstream on a background thread, keeping up to <c>capacity</c> finished items in a bounded queue so the
/// consumer (the training loop) rarely waits. An upstream exception is rethrown to the consumer.
/// </summary>
internal sealed class PrefetchStage<T> : IStage<T>
{
    private readonly IStage<T> _upstream;
    private readonly BlockingCollection<T> _queue;
    private readonly CancellationTokenSource _stop = new();
    private readonly Thread _producer;
    private ExceptionDispatchInfo? _error;

    public PrefetchStage(IStage<T> upstream, int capacity)
    {
        _upstream = upstream;
        _queue = new BlockingCollection<T>(new ConcurrentQueue<T>(), capacity);
        _producer = new Thread(Produce) { IsBackground = true, Name = "sluice-prefetch" };
        _producer.Start();
    }

    private void Produce()
    {
        try
        {
            while (!_stop.IsCancellationRequested && _upstream.TryNext(out var item))
            {
                try
                {
                    _queue.Add(item, _stop.Token);
                }
                catch (OperationCanceledException)
                {
                    _upstream.Release(item);
                    break;
                }
            }
        }
        catch (Exception e)
        {
            _error = ExceptionDispatchInfo.Capture(e);
        }
        finally
        {
            _queue.CompleteAdding();
        }
    }

    public bool TryNext(out T item)
    {
        if (_queue.TryTake(out item!, Timeout.Infinite)) return true;
        _error?.Throw();
        return false;
    }

    public void Release(T item) => _upstream.Release(item);

    public void Dispose()
    {
        _stop.Cancel();
        while (_queue.TryTake(out var item)) _upstream.Release(item);
        _producer.Join();
        while (_queue.TryTake(out var item)) _upstream.Release(item);
        _upstream.Dispose();
        _queue.Dispose();
        _stop.Dispose();
    }
}
