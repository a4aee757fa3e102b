using Sluice.Data.Columns;
using Sluice.Serving.Servables;

namespace Sluice.Serving.Tests.Support;

/// <summary>
/// Wraps a real servable so a test can hold predictions at a gate: to fill the queue (429), to have requests in
/// flight during shutdown, and to count how many rows each execution got.
/// </summary>
internal sealed class GatedServable(IServable inner) : IServable
{
    public SemaphoreSlim Gate { get; } = new(0);
    public volatile bool Open;
    public int Entered;
    public System.Collections.Concurrent.ConcurrentQueue<int> BatchSizes { get; } = new();

    /// <summary>When set and true for a batch, the prediction throws (a model refusing some row).</summary>
    public Func<ColumnBatch, bool>? FailWhen { get; set; }

    public ServingSignature Signature => inner.Signature;
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> WarmupInstances => inner.WarmupInstances;
    public IServablePredictor CreatePredictor(int maxBatchSize) => new Predictor(this, inner.CreatePredictor(maxBatchSize));
    public void Dispose() => inner.Dispose();

    private sealed class Predictor(GatedServable owner, IServablePredictor inner) : IServablePredictor
    {
        public ColumnBatch CreateInputBatch() => inner.CreateInputBatch();

        public IPredictionRows Predict(ColumnBatch input)
        {
            Interlocked.Increment(ref owner.Entered);
            if (!owner.Open) owner.Gate.Wait();
            owner.BatchSizes.Enqueue(input.RowCount);
            if (owner.FailWhen?.Invoke(input) == true) throw new InvalidOperationException("the model refused a row");
            return inner.Predict(input);
        }
    }
}
