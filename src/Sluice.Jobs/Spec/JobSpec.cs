namespace Sluice.Jobs.Spec;

/// <summary>
/// A job as submitted (ML Engine <c>Job</c> resource, input half): an id and exactly one of a training or a batch
/// prediction input. Read with <see cref="JobSpecReader"/>, written with <see cref="JobSpecWriter"/>.
/// </summary>
public sealed record JobSpec(string JobId, TrainingInput? TrainingInput, PredictionInput? PredictionInput, IReadOnlyDictionary<string, string>? Labels = null)
{
    public bool IsTraining => TrainingInput is not null;

    public bool IsTuning => TrainingInput?.Hyperparameters is not null;
}

/// <summary>
/// A training run of <c>sluice train</c>: <paramref name="Config"/> is the training YAML, <paramref name="Args"/>
/// override it (<c>--epochs 1</c>, <c>--max-steps 200</c>), <paramref name="JobDir"/> is the model dir (default: the
/// job's folder in the engine's data dir).
/// </summary>
public sealed record TrainingInput(
    ScaleTier ScaleTier,
    int WorkerCount,
    string Config,
    IReadOnlyList<string> Args,
    string? JobDir,
    HyperparameterSpec? Hyperparameters,
    IReadOnlyDictionary<string, string>? Overrides = null);

/// <summary>
/// A batch prediction: the model comes from exactly one of <paramref name="ModelName"/> (its default version),
/// <paramref name="VersionName"/> (<c>model/versions/3</c> or <c>projects/p/models/m/versions/3</c>) or
/// <paramref name="Uri"/> (an export bundle folder).
/// </summary>
public sealed record PredictionInput(
    string? ModelName,
    string? VersionName,
    string? Uri,
    DataFormat DataFormat,
    IReadOnlyList<string> InputPaths,
    string OutputPath,
    int BatchSize = 64);

/// <summary>Hyperparameter tuning (ML Engine <c>HyperparameterSpec</c>).</summary>
public sealed record HyperparameterSpec(
    TuningGoal Goal,
    string HyperparameterMetricTag,
    int MaxTrials,
    int MaxParallelTrials,
    int MaxFailedTrials,
    IReadOnlyList<ParameterSpec> Params,
    SearchAlgorithm Algorithm,
    bool EnableTrialEarlyStopping,
    string? ResumePreviousJobId,
    long Seed = 0);

/// <summary>
/// One tuned parameter. <paramref name="ParameterName"/> is a dotted path into the training YAML
/// (<c>model.optimizer.learningRate</c>, <c>model.hiddenUnits</c>) or a <c>sluice train</c> flag (<c>--epochs</c>).
/// </summary>
public sealed record ParameterSpec(
    string ParameterName,
    ParameterType Type,
    double? MinValue,
    double? MaxValue,
    IReadOnlyList<string>? CategoricalValues,
    IReadOnlyList<double>? DiscreteValues,
    ScaleType ScaleType);
