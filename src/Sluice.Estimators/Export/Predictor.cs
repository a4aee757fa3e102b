using Sluice.Data.Columns;
using Sluice.Estimators.Features;
using Sluice.Estimators.Heads;
using Sluice.Estimators.Model;

namespace Sluice.Estimators.Export;

/// <summary>
/// Runs a loaded model on batches of raw features: feature columns, then the forward pass, into a reused
/// <see cref="PredictionBatch"/>. Nothing is rebuilt per call and steady-state calls allocate nothing.
/// Not thread-safe: create one per worker (<see cref="ExportedModel.CreatePredictor"/>).
/// Missing required inputs raise <see cref="FeatureColumns.FeatureColumnException"/> naming the feature and row.
/// </summary>
public sealed class Predictor
{
    private readonly NetworkParameters _parameters;
    private readonly Featurizer _featurizer;
    private readonly FeatureBatch _features;
    private readonly NetworkWorkspace _workspace;
    private readonly PredictionBatch _output;
    private readonly int[] _rows;

    internal Predictor(FeatureLayout layout, NetworkParameters parameters, HeadOptions head, ModelSignature signature, int maxBatchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatchSize, 1);
        _parameters = parameters;
        Signature = signature;
        MaxBatchSize = maxBatchSize;
        _featurizer = new Featurizer(layout);
        _features = new FeatureBatch(layout);
        _features.Clear(maxBatchSize);
        _workspace = new NetworkWorkspace(parameters, maxBatchSize);
        _output = new PredictionBatch(head.Kind, parameters.Units, signature.ClassLabels, maxBatchSize);
        _rows = [.. Enumerable.Range(0, maxBatchSize)];
    }

    public ModelSignature Signature { get; }
    public int MaxBatchSize { get; }

    /// <summary>An empty batch with one column per signature input (named and typed as the signature says).</summary>
    public ColumnBatch CreateInputBatch() => new([.. Signature.Inputs.Select(i => (Column)(i.Kind switch
    {
        ColumnKind.Float32 => new FloatColumn(i.Name, MaxBatchSize),
        ColumnKind.Int64 => new Int64Column(i.Name, MaxBatchSize),
        _ => new StringColumn(i.Name, MaxBatchSize),
    }))]);

    /// <summary>Predicts the <see cref="ColumnBatch.RowCount"/> rows of <paramref name="input"/> (at most <see cref="MaxBatchSize"/>).</summary>
    public PredictionBatch Predict(ColumnBatch input)
    {
        int n = input.RowCount;
        if (n > MaxBatchSize) throw new ArgumentException($"The batch has {n} rows; this predictor takes at most {MaxBatchSize}.", nameof(input));
        _featurizer.Featurize(input, n, _features);
        var rng = new SplitMix64(0);
        NetworkForward.Run(_parameters, _features, _rows.AsSpan(0, n), _workspace, 0f, ref rng);
        _output.Fill(_workspace.Logits, n);
        return _output;
    }
}
