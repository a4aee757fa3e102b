namespace Sluice.Data.Pipeline;

/// <summary>
/// Applies a function to each item, up to <c>parallelism</c> items at once on the thread pool, and yields the
/// results in input order. The input item is released to its stage as soon as the function has run, so the
/// function must copy what it keeps (as featurising does).
/// </summary>
internal sealed class MapStage<TIn, TOut>(IStage<TIn> upstream, Func<TIn, TOut> map, int parallelism) : IStage<TOut>
{
    private readonly Queue<(TIn Input, Task<TOut> Result)> _inFlight = new();

    public bool TryNext(out TOut item)
    {
        if (parallelism == 1)
        {
            item = default!;
            if (!upstream.TryNext(out var input)) return false;
            try { item = map(input); }
            finally { upstream.Release(input); }
            return true;
        }
        while (_inFlight.Count < parallelism && upstream.TryNext(out var next))
        {
            var captured = next;
            _inFlight.Enqueue((captured, Task.Run(() => map(captured))));
        }
        if (_inFlight.Count == 0)
        {
            item = default!;
            return false;
        }
        var (oldest, result) = _inFlight.Dequeue();
        try { item = result.GetAwaiter().GetResult(); }
        finally { upstream.Release(oldest); }
        return true;
    }

    public void Release(TOut item) { }   // results belong to the caller

    public void Dispose()
    {
        while (_inFlight.Count > 0)
        {
            var (input, result) = _inFlight.Dequeue();
            try { result.Wait(); } catch (AggregateException) { /* the consumer stopped; the error has no reader */ }
            upstream.Release(input);
        }
        upstream.Dispose();
    }
}
