using Sluice.Serving.Batching;
using Sluice.Serving.Servables;

namespace Sluice.Serving.Repository;

/// <summary>
/// A version that is in memory: its servable and batcher, plus a lease count so that unloading waits for the
/// requests that already hold it (drain) and no new request can take it once it is retired.
/// </summary>
internal sealed class LoadedVersion(IServable servable, DynamicBatcher batcher) : IAsyncDisposable
{
    private int _leases;
    private volatile bool _retired;

    public IServable Servable { get; } = servable;
    public DynamicBatcher Batcher { get; } = batcher;
    public ServingSignature Signature => Servable.Signature;

    /// <summary>Takes a lease; false when the version is being unloaded (the caller resolves again).</summary>
    public bool TryAcquire()
    {
        Interlocked.Increment(ref _leases);
        if (!_retired) return true;
        Release();
        return false;
    }

    public void Release() => Interlocked.Decrement(ref _leases);

    /// <summary>Refuses new leases, waits until the held ones are released, then frees the version.</summary>
    public async ValueTask DisposeAsync()
    {
        _retired = true;
        Interlocked.MemoryBarrier();
        while (Volatile.Read(ref _leases) > 0) await Task.Delay(5).ConfigureAwait(false);
        await Batcher.DisposeAsync().ConfigureAwait(false);
        Servable.Dispose();
    }
}
