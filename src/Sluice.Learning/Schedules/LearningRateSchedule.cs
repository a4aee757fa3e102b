namespace Sluice.Learning.Schedules;

/// <summary>A learning rate as a function of the global step (TF1 computes these on <c>global_step</c>).</summary>
public abstract class LearningRateSchedule
{
    /// <summary>The learning rate to use for the step numbered <paramref name="globalStep"/> (0 for the first step).</summary>
    public abstract float At(long globalStep);

    /// <summary>A fixed learning rate.</summary>
    public static implicit operator LearningRateSchedule(float learningRate) => new ConstantLearningRate(learningRate);
}
