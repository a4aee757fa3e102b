namespace Sluice.Estimators.Optimizers;

/// <summary>
/// FTRL-Proximal (McMahan et al. 2013) with TF's update: n' = n + g²; σ = (n'^(-p) - n^(-p)) / lr with p the
/// learning-rate power (-0.5 → √); z += g - σ·w; w = |z| ≤ l1 ? 0 : (sign(z)·l1 - z) / (n'^(-p)/lr + 2·l2).
/// Slots: accumulator n (starts at 0.1), linear z.
/// </summary>
internal sealed class FtrlOptimizer(float learningRate, float learningRatePower, float initialAccumulator, float l1, float l2) : Optimizer(learningRate)
{
    public override string[] SlotNames => ["accumulator", "linear"];

    public override float SlotInitialValue(int slot) => slot == 0 ? initialAccumulator : 0f;

    public override void Apply(Span<float> weights, ReadOnlySpan<float> gradient, Span<float> slot0, Span<float> slot1, long step)
    {
        float lr = LearningRate;
        bool sqrt = learningRatePower == -0.5f;
        for (int i = 0; i < weights.Length; i++)
        {
            float g = gradient[i];
            float n = slot0[i];
            float nNew = n + g * g;
            float powNew = sqrt ? MathF.Sqrt(nNew) : MathF.Pow(nNew, -learningRatePower);
            float powOld = sqrt ? MathF.Sqrt(n) : MathF.Pow(n, -learningRatePower);
            float z = slot1[i] + g - (powNew - powOld) / lr * weights[i];
            slot1[i] = z;
            slot0[i] = nNew;
            float quadratic = powNew / lr + 2f * l2;
            weights[i] = MathF.Abs(z) <= l1 ? 0f : (MathF.Sign(z) * l1 - z) / quadratic;
        }
    }
}
