namespace Sluice.Learning.Schedules;

/// <summary>
/// TF1 <c>exponential_decay</c>: lr(step) = lr₀ · rate^(step / decaySteps), with the exponent floored when
/// <see cref="Staircase"/> is set (the rate then changes only every <c>decaySteps</c> steps).
/// </summary>
public sealed class ExponentialDecay : LearningRateSchedule
{
    public ExponentialDecay(float initialLearningRate, long decaySteps, float decayRate, bool staircase = false)
    {
        if (!(initialLearningRate > 0f) || float.IsInfinity(initialLearningRate))
            throw new ArgumentOutOfRangeException(nameof(initialLearningRate), initialLearningRate, "The initial learning rate must be a positive finite number.");
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(decaySteps);
        if (!(decayRate > 0f) || float.IsInfinity(decayRate))
            throw new ArgumentOutOfRangeException(nameof(decayRate), decayRate, "The decay rate must be a positive finite number.");
        InitialLearningRate = initialLearningRate;
        DecaySteps = decaySteps;
        DecayRate = decayRate;
        Staircase = staircase;
    }

    public float InitialLearningRate { get; }
    public long DecaySteps { get; }
    public float DecayRate { get; }
    public bool Staircase { get; }

    public override float At(long globalStep)
    {
        double exponent = Staircase ? Math.Floor((double)globalStep / DecaySteps) : (double)globalStep / DecaySteps;
        return (float)(InitialLearningRate * Math.Pow(DecayRate, exponent));
    }

    public override string ToString() =>
        $"exponential_decay({InitialLearningRate}, decay_steps={DecaySteps}, decay_rate={DecayRate}, staircase={Staircase})";
}
