namespace Sluice.Estimators.Training;

/// <summary>A progress report, sent every <see cref="RunConfig.LogStepCountSteps"/> steps and at the end of training.</summary>
/// <param name="Loss">Σ weight·loss of the last batch (TF's <c>loss</c> with SUM reduction)</param>
/// <param name="AverageLoss">mean weighted loss over the steps since the previous report</param>
public sealed record TrainingProgress(long GlobalStep, long MaxSteps, int Epoch, double Loss, double AverageLoss, double StepsPerSecond, double ExamplesPerSecond);
