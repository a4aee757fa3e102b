namespace Sluice.Learning.Schedules;

/// <summary>lr(step) = lr.</summary>
public sealed class ConstantLearningRate : LearningRateSchedule
{
    public ConstantLearningRate(float learningRate)
    {
        if (!(learningRate > 0f) || float.IsInfinity(learningRate))
            throw new ArgumentOutOfRangeException(nameof(learningRate), learningRate, "The learning rate must be a positive finite number.");
        LearningRate = learningRate;
    }

    public float LearningRate { get; }

    public override float At(long globalStep) => LearningRate;

    public override string ToString() => $"constant({LearningRate})";
}
