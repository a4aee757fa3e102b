using Sluice.Data.Columns;
using Sluice.Serving.Servables;

namespace Sluice.Serving.Batching;

/// <summary>One request's rows waiting in a version's queue, and the outputs a worker copies back for it.</summary>
internal sealed class PredictWork : TaskCompletionSource<PredictionResult>
{
    public PredictWork(ColumnBatch input) : base(TaskCreationOptions.RunContinuationsAsynchronously) => Input = input;

    /// <summary>The request's rows, in signature column order.</summary>
    public ColumnBatch Input { get; }

    public int Rows => Input.RowCount;
}
