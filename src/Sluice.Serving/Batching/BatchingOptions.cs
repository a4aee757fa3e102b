namespace Sluice.Serving.Batching;

/// <summary>
/// How concurrent requests for one model version are coalesced. With <see cref="MaxWait"/> zero a free predictor
/// slot takes whatever is queued at once: a lone request runs immediately (no added latency) while under load the
/// requests that queued up during one execution run as the next batch.
/// </summary>
public sealed record BatchingOptions
{
    /// <summary>Most rows (instances) executed in one batch; a single larger request still runs, alone.</summary>
    public int MaxBatchSize { get; init; } = 128;

    /// <summary>How long a slot holder waits for more requests to fill a batch (0: never waits).</summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.Zero;

    /// <summary>Requests waiting per version before new ones are refused with 429.</summary>
    public int QueueCapacity { get; init; } = 1024;

    /// <summary>Predictor slots per version: how many batches of one version may execute at the same time.</summary>
    public int Workers { get; init; } = Environment.ProcessorCount;
}
