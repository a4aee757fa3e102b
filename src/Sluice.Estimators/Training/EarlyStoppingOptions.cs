namespace Sluice.Estimators.Training;

/// <summary>
/// Stops train-and-evaluate when <see cref="Metric"/> has not improved for
/// <see cref="MaxEvaluationsWithoutImprovement"/> evaluations, or when it crosses <see cref="Threshold"/> (above it
/// when higher is better, below otherwise) — TF's stop_if_no_increase / stop_if_higher hooks. Not before
/// <see cref="MinSteps"/>.
/// </summary>
public sealed record EarlyStoppingOptions(string Metric, bool HigherIsBetter, int? MaxEvaluationsWithoutImprovement = null, double? Threshold = null, long MinSteps = 0)
{
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(Metric)) throw new ArgumentException("earlyStopping.metric: is required.");
        if (MaxEvaluationsWithoutImprovement is null && Threshold is null)
            throw new ArgumentException("earlyStopping.maxEvaluationsWithoutImprovement: give it or a threshold.");
        if (MaxEvaluationsWithoutImprovement is <= 0) throw new ArgumentException("earlyStopping.maxEvaluationsWithoutImprovement: must be positive.");
    }
}
