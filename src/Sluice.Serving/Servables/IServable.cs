namespace Sluice.Serving.Servables;

/// <summary>
/// A loaded, verified model version the server can predict with. Thread-safe; each batching worker creates its own
/// <see cref="IServablePredictor"/>. Disposing releases what the version holds (buffers, mapped files).
/// </summary>
internal interface IServable : IDisposable
{
    ServingSignature Signature { get; }

    /// <summary>Raw example instances stored with the bundle for warm-up (may be empty: the server synthesises some).</summary>
    IReadOnlyList<IReadOnlyDictionary<string, object?>> WarmupInstances { get; }

    /// <summary>A predictor for one worker thread with input capacity <paramref name="maxBatchSize"/> rows.</summary>
    IServablePredictor CreatePredictor(int maxBatchSize);
}
