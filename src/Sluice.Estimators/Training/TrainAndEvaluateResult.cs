namespace Sluice.Estimators.Training;

/// <summary>The outcome of train-and-evaluate: every evaluation in order, the exports written, and whether early stopping ended it.</summary>
public sealed record TrainAndEvaluateResult(TrainingResult Training, IReadOnlyList<EvaluationResult> Evaluations, IReadOnlyList<string> Exports, bool StoppedEarly, string? StopReason)
{
    public EvaluationResult FinalEvaluation => Evaluations[^1];
}
