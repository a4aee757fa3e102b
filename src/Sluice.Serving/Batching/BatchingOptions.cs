namespace Sluice.Serving.Batching;

/// <summary>
/// How concurrent requests for one model version are coalesced. With <see cref="MaxWait"/> zero a worker takes
/// whatever is queued the moment it becomes free: a lone request runs at once (no added latency) while under load
/// requests that queued up meanwhile run as one batch.
/// </summary>
public sealed record BatchingOptions
{
    /// <summary>Most rows (instances) executed in one batch; a single larger request still runs, alone.</summary>
    public int MaxBatchSize { get; init; } = 128;

    /// <summary>How long a worker waits for more requests to fill a batch (0: never waits).</summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.Zero;

    /// <summary>Requests waiting per version before new ones are refused with 429.</summary>
    public int QueueCapacity { get; init; } = 1024;

    /// <summary>Worker threads (each with its own predictor) per version.</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;
}
