namespace Sluice.Estimators.Optimizers;

/// <summary>RMSProp (TF1): ms = ρ·ms + (1-ρ)·g²; mom = μ·mom + lr·g/√(ms + ε); w -= mom. ms starts at 1 as in TF1.</summary>
internal sealed class RmsPropOptimizer(float learningRate, float decay, float momentum, float epsilon) : Optimizer(learningRate)
{
    public override string[] SlotNames => ["rms", "momentum"];

    public override float SlotInitialValue(int slot) => slot == 0 ? 1f : 0f;

    public override void Apply(Span<float> weights, ReadOnlySpan<float> gradient, Span<float> slot0, Span<float> slot1, long step)
    {
        for (int i = 0; i < weights.Length; i++)
        {
            float g = gradient[i];
            float ms = slot0[i] = decay * slot0[i] + (1f - decay) * g * g;
            float mom = slot1[i] = momentum * slot1[i] + LearningRate * g / MathF.Sqrt(ms + epsilon);
            weights[i] -= mom;
        }
    }
}
