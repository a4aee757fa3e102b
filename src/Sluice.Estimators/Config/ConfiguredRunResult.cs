using Sluice.Estimators.Training;

namespace Sluice.Estimators.Config;

/// <summary>The result of <see cref="ConfiguredTraining.Train"/>: training, the final evaluation (when the config has eval data) and exports.</summary>
public sealed record ConfiguredRunResult(string ModelDirectory, TrainingResult Training, EvaluationResult? Evaluation, IReadOnlyList<string> Exports, bool StoppedEarly, string? StopReason);
