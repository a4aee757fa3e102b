using System.Diagnostics;
using Sluice.Data.Columns;
using Sluice.Estimators.Export;
using Sluice.Estimators.FeatureColumns;
using Sluice.Estimators.Features;
using Sluice.Estimators.Heads;
using Sluice.Estimators.Model;
using Sluice.Estimators.Serialization;
using Sluice.Events;
using Sluice.Learning.Checkpoints;

namespace Sluice.Estimators.Training;

/// <summary>
/// One estimator for every body and head (TF's canned estimators in one class): train, evaluate, predict and export
/// against a model dir. Training featurises the (small) training set once and then only shuffles example indices;
/// it resumes from the latest checkpoint in the model dir.
/// </summary>
public sealed class Estimator
{
    private readonly EstimatorSpec _configuredSpec;
    private ModelDirectoryState? _state;
    private NetworkParameters? _parameters;
    private ModelTrainer? _trainer;
    private FeatureLayout? _layout;
    private Head? _head;
    private (ColumnBatch Batch, FeaturizedData Data)? _evalCache;

    private Estimator(EstimatorSpec spec, RunConfig config)
    {
        spec.Validate();
        config.Validate();
        _configuredSpec = spec;
        Config = config;
        _state = ModelDirectoryState.TryLoad(config.ModelDirectory);
        if (_state is not null && _state.ConfiguredSpecJson != ConfiguredJson(spec))
            throw new InvalidOperationException($"Model dir '{config.ModelDirectory}' holds a model trained with a different spec; use a new model dir (or delete it to start over).");
    }

    /// <summary>An estimator for <paramref name="spec"/> in <see cref="RunConfig.ModelDirectory"/> (resumes what is there).</summary>
    public static Estimator Create(EstimatorSpec spec, RunConfig config) => new(spec, config);

    /// <summary>The estimator of an existing model dir (for evaluate / export / more training).</summary>
    public static Estimator Open(string modelDirectory, RunConfig? config = null)
    {
        var state = ModelDirectoryState.TryLoad(modelDirectory)
            ?? throw new FileNotFoundException($"'{modelDirectory}' is not a model dir: it has no {ModelDirectoryState.FileName} (train a model into it first).");
        var spec = EstimatorSpecJson.Read(new JsonFields((System.Text.Json.Nodes.JsonObject)System.Text.Json.Nodes.JsonNode.Parse(state.ConfiguredSpecJson)!, "configuredSpec"), _ => null);
        return new Estimator(spec, config ?? new RunConfig(modelDirectory, Seed: state.Seed));
    }

    public RunConfig Config { get; }

    /// <summary>The spec as configured (normalisers may be unfitted).</summary>
    public EstimatorSpec Spec => _configuredSpec;

    /// <summary>The spec as trained: normaliser statistics filled in. Null before the first training.</summary>
    public EstimatorSpec? TrainedSpec => _state?.TrainedSpec;

    /// <summary>The global step of the loaded model (0 before any training).</summary>
    public long GlobalStep { get; private set; }

    /// <summary>Trains on <paramref name="data"/> (the whole training set in one batch) until the stop condition of <paramref name="options"/>.</summary>
    public TrainingResult Train(ColumnBatch data, TrainOptions options, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
        => Train(data, options, progress, cancellationToken, session: null);

    /// <param name="session">train-and-evaluate's shared event writers and overall step target (null: a session of its own)</param>
    internal TrainingResult Train(ColumnBatch data, TrainOptions options, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken, TrainingSession? session)
    {
        options.Validate();
        EnsureModel(data, options.BatchSize);
        FeaturizedData featurized;
        if (session?.TrainCache is { } cache && ReferenceEquals(cache.Batch, data) && cache.Batch.RowCount == data.RowCount) featurized = cache.Data;
        else
        {
            featurized = FeaturizedData.Create(_layout!, _configuredSpec.Head, data);
            if (session is not null) session.TrainCache = (data, featurized);
        }
        return new TrainingLoop(this, featurized, options, progress, cancellationToken, session).Run();
    }

    /// <summary>Evaluates the latest model on <paramref name="data"/>; writes the metrics as events under <c>eval/</c> (or <c>eval_&lt;name&gt;/</c>).</summary>
    public EvaluationResult Evaluate(ColumnBatch data, string? name = null) => Evaluate(data, name, session: null);

    internal EvaluationResult Evaluate(ColumnBatch data, string? name, TrainingSession? session)
    {
        EnsureModel(null, 40);
        FeaturizedData featurized;
        if (_evalCache is { } cache && ReferenceEquals(cache.Batch, data) && cache.Batch.RowCount == data.RowCount) featurized = cache.Data;
        else
        {
            featurized = FeaturizedData.Create(_layout!, _configuredSpec.Head, data);
            _evalCache = (data, featurized);
        }
        var result = Evaluator.Run(_parameters!, _head!, featurized, _state!.BatchSize, GlobalStep);
        string directory = Path.Combine(Config.ModelDirectory, name is null ? "eval" : $"eval_{name}");
        var writer = session?.EvalEvents(directory) ?? new EventFileWriter(directory);
        try
        {
            foreach (var (key, value) in result.Metrics)
                if (key != MetricKeys.GlobalStep) writer.WriteScalar(key, GlobalStep, (float)value);
            writer.Flush();
        }
        finally
        {
            if (session is null) writer.Dispose();
        }
        return result;
    }

    /// <summary>A predictor over the current weights (for in-process prediction without exporting).</summary>
    public Predictor CreatePredictor(int maxBatchSize)
    {
        EnsureModel(null, 40);
        return new Predictor(_layout!, _parameters!, _configuredSpec.Head, BundleWriter.Signature(_state!), maxBatchSize);
    }

    /// <summary>
    /// Exports the current model to <c>&lt;exportBase&gt;/&lt;name&gt;/&lt;unix-seconds&gt;/</c> (default base:
    /// <c>&lt;model dir&gt;/export</c>); returns the bundle path.
    /// </summary>
    public string Export(string? exportBase = null, string name = "exporter", IReadOnlyDictionary<string, double>? metrics = null, ColumnBatch? warmupExamples = null)
    {
        EnsureModel(null, 40);
        string directory = Path.Combine(exportBase ?? Path.Combine(Config.ModelDirectory, "export"), name);
        var warmup = warmupExamples is null ? WarmupStore.Load(Config.ModelDirectory) : WarmupStore.FromBatch(warmupExamples, BundleWriter.Signature(_state!));
        return BundleWriter.Write(directory, _state!, _parameters!, GlobalStep, metrics ?? new Dictionary<string, double>(), warmup);
    }

    /// <summary>Alternates training and evaluation with exporters and early stopping (see <see cref="TrainAndEvaluateOptions"/>).</summary>
    public TrainAndEvaluateResult TrainAndEvaluate(ColumnBatch train, ColumnBatch eval, TrainOptions options, TrainAndEvaluateOptions schedule, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
        => new TrainAndEvaluate(this, train, eval, options, schedule, progress, cancellationToken).Run();

    internal NetworkParameters Parameters => _parameters!;
    internal ModelTrainer Trainer => _trainer!;
    internal ModelDirectoryState State => _state!;
    internal CheckpointManager Checkpoints => new(Config.ModelDirectory, Config.KeepCheckpointMax);

    internal void AdvanceTo(long globalStep) => GlobalStep = globalStep;

    /// <summary>Builds the model on first use: from the model dir when it has one, else from the training data.</summary>
    private void EnsureModel(ColumnBatch? trainingData, int batchSize)
    {
        if (_parameters is not null) return;
        if (_state is null)
        {
            if (trainingData is null)
                throw new InvalidOperationException($"Model dir '{Config.ModelDirectory}' has no trained model yet; train first.");
            _state = Initialize(trainingData, batchSize);
        }
        var spec = _state.TrainedSpec;
        _layout = new FeatureLayout(spec.LinearColumns, spec.DnnColumns);
        _head = Head.Create(spec.Head);
        _parameters = new NetworkParameters(_layout, _head.LogitsDimension, spec.Dnn?.HiddenUnits ?? [], spec.Dnn?.Activation ?? Activation.Relu, spec.Dnn?.BatchNorm ?? false);
        _trainer = new ModelTrainer(_parameters, _head, spec, Math.Max(batchSize, _state.BatchSize), _state.Seed);
        if (LatestCheckpoint(Checkpoints) is { } latest)
        {
            ModelCheckpoint.Restore(latest, _parameters, _trainer, matchingOnly: false);
            GlobalStep = latest.GlobalStep;
        }
        else
        {
            _parameters.Initialize(_state.Seed);
            if (Config.WarmStartFrom is { } source) WarmStart(source);
        }
    }

    private ModelDirectoryState Initialize(ColumnBatch data, int batchSize)
    {
        var spec = _configuredSpec with
        {
            LinearColumns = [.. _configuredSpec.LinearColumns.Select(c => FitNormalizer(c, data))],
            DnnColumns = [.. _configuredSpec.DnnColumns.Select(c => FitNormalizer(c, data))],
        };
        var layout = new FeatureLayout(spec.LinearColumns, spec.DnnColumns);
        var inputs = layout.InputKeys.Select(k => (k, data.TryGet(k, out var c) ? c.Kind : throw new InvalidDataException($"The training data has no feature '{k}', which a feature column reads."))).ToList();
        // Every other non-label column of the training schema joins the signature too (optional, ignored by the
        // model), so a client may send whole rows of the training data without the server calling them unknown.
        var listed = new HashSet<string>(layout.InputKeys, StringComparer.Ordinal) { spec.Head.LabelKey };
        if (spec.Head.WeightKey is { } weightKey) listed.Add(weightKey);
        foreach (var column in data.Columns)
            if (listed.Add(column.Name)) inputs.Add((column.Name, column.Kind));
        var state = new ModelDirectoryState(ConfiguredJson(_configuredSpec), spec, inputs, Config.Seed, batchSize);
        state.Save(Config.ModelDirectory);
        WarmupStore.Save(Config.ModelDirectory, WarmupStore.FromBatch(data, BundleWriter.Signature(state)));
        return state;
    }

    /// <summary>z-score statistics (population mean and standard deviation) of the training values.</summary>
    private static FeatureColumn FitNormalizer(FeatureColumn column, ColumnBatch data)
    {
        if (column is not NumericColumn { Normalizer: { IsFitted: false } } numeric) return column;
        double sum = 0, sumSquares = 0;
        int n = data.RowCount;
        for (int r = 0; r < n; r++)
        {
            double v = numeric.ReadRaw(data, r);
            sum += v;
            sumSquares += v * v;
        }
        double mean = sum / n, variance = Math.Max(0, sumSquares / n - mean * mean);
        double std = variance > 0 ? Math.Sqrt(variance) : 1.0;
        return numeric with { Normalizer = Normalizer.ZScore(mean, std) };
    }

    /// <summary>Initialises every variable (and optimizer slot) whose name and shape match from another model dir's latest checkpoint or a checkpoint file.</summary>
    private void WarmStart(string source)
    {
        var checkpoint = Directory.Exists(source)
            ? LatestCheckpoint(new CheckpointManager(source, 0)) ?? throw new FileNotFoundException($"Warm start: '{source}' has no checkpoint.")
            : CheckpointManager.Load(source);
        ModelCheckpoint.Restore(checkpoint, _parameters!, _trainer!, matchingOnly: true);
    }

    /// <summary>The newest checkpoint that verifies; when every one is damaged, the newest one's error (never a silent restart).</summary>
    private static Checkpoint? LatestCheckpoint(CheckpointManager manager)
    {
        var checkpoint = manager.RestoreLatest(out var rejected);
        if (checkpoint is null && rejected.Count > 0) throw rejected[0];
        return checkpoint;
    }

    private static string ConfiguredJson(EstimatorSpec spec) => EstimatorSpecJson.Write(spec).ToJsonString();

    internal static double Elapsed(long startTimestamp) => Stopwatch.GetElapsedTime(startTimestamp).TotalSeconds;
}
