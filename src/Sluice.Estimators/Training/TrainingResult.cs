namespace Sluice.Estimators.Training;

/// <summary>What a <c>Train</c> call did: the global step reached, steps run now, throughput, the last average loss.</summary>
public sealed record TrainingResult(long GlobalStep, long StepsRun, double Seconds, double ExamplesPerSecond, double AverageLoss, string? CheckpointPath);
