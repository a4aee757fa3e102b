namespace Sluice.Estimators.Training;

/// <summary>
/// How long to train: <see cref="MaxSteps"/> (absolute global step, TF's max_steps), or <see cref="Epochs"/> (absolute:
/// until the global step reaches epochs × steps per epoch), or <see cref="Steps"/> more steps. Exactly one is needed.
/// Examples are shuffled per epoch with a permutation derived from the seed and the epoch number.
/// </summary>
public sealed record TrainOptions(int BatchSize = 40, int? Epochs = null, long? MaxSteps = null, long? Steps = null, bool Shuffle = true)
{
    public void Validate()
    {
        if (BatchSize <= 0) throw new ArgumentException($"training.batchSize: must be positive (got {BatchSize}).");
        int given = (Epochs is null ? 0 : 1) + (MaxSteps is null ? 0 : 1) + (Steps is null ? 0 : 1);
        if (given != 1) throw new ArgumentException("training.epochs: give exactly one of epochs, maxSteps or steps.");
        if (Epochs is <= 0) throw new ArgumentException($"training.epochs: must be positive (got {Epochs}).");
        if (MaxSteps is < 0) throw new ArgumentException($"training.maxSteps: must be zero or more (got {MaxSteps}).");
        if (Steps is <= 0) throw new ArgumentException($"training.steps: must be positive (got {Steps}).");
    }
}
