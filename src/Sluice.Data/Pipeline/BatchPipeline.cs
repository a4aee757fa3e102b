using System.Collections;

namespace Sluice.Data.Pipeline;

/// <summary>
/// A stream of batches (or of what a <see cref="Map{TOut}"/> made of them). Enumerate it with <c>foreach</c>: each
/// item is valid until the next one is requested, after which its buffers are recycled.
/// </summary>
public sealed class BatchPipeline<T> : IEnumerable<T>
{
    private readonly Func<IStage<T>> _open;

    internal BatchPipeline(Func<IStage<T>> open) => _open = open;

    /// <summary>
    /// Transforms each item with <paramref name="map"/>, running up to <paramref name="parallelism"/> calls at once;
    /// results keep the input order. The input is recycled right after <paramref name="map"/> returns.
    /// </summary>
    public BatchPipeline<TOut> Map<TOut>(Func<T, TOut> map, int parallelism = 1)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parallelism, 1);
        var open = _open;
        return new BatchPipeline<TOut>(() => new MapStage<T, TOut>(open(), map, parallelism));
    }

    /// <summary>Prepares up to <paramref name="capacity"/> items ahead on a background thread.</summary>
    public BatchPipeline<T> Prefetch(int capacity = 2)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var open = _open;
        return new BatchPipeline<T>(() => new PrefetchStage<T>(open(), capacity));
    }

    public IEnumerator<T> GetEnumerator() => new StageEnumerator<T>(_open());

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    internal IStage<T> OpenStage() => _open();
}
