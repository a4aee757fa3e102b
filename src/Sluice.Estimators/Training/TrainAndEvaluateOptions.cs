namespace Sluice.Estimators.Training;

/// <summary>The schedule of train-and-evaluate: evaluate every N steps (and at the end), then run exporters and early stopping.</summary>
public sealed record TrainAndEvaluateOptions(long EvaluateEverySteps, IReadOnlyList<ExporterOptions>? Exporters = null, EarlyStoppingOptions? EarlyStopping = null)
{
    public void Validate()
    {
        if (EvaluateEverySteps <= 0) throw new ArgumentException($"evaluation.everySteps: must be positive (got {EvaluateEverySteps}).");
        EarlyStopping?.Validate();
        if (Exporters is { } exporters && exporters.Select(e => e.Name).Distinct(StringComparer.Ordinal).Count() != exporters.Count)
            throw new ArgumentException("evaluation.exporters: exporter names must be unique.");
    }
}
