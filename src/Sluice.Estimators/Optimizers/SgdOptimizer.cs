namespace Sluice.Estimators.Optimizers;

/// <summary>Plain gradient descent: w -= lr·g.</summary>
internal sealed class SgdOptimizer(float learningRate) : Optimizer(learningRate)
{
    public override string[] SlotNames => [];

    public override void Apply(Span<float> weights, ReadOnlySpan<float> gradient, Span<float> slot0, Span<float> slot1, long step)
    {
        for (int i = 0; i < weights.Length; i++) weights[i] -= LearningRate * gradient[i];
    }
}
