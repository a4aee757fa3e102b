namespace Sluice.Data.Pipeline;

/// <summary>
/// A stream of items (usually batches) whose buffers are owned by the stage that made them: a consumer hands each
/// item back with <see cref="Release"/> when done, so a bounded set of buffers is recycled. <see cref="Release"/>
/// may be called from another thread than <see cref="TryNext"/>.
/// </summary>
internal interface IStage<T> : IDisposable
{
    bool TryNext(out T item);

    void Release(T item);
}
