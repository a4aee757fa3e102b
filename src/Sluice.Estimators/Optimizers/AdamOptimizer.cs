namespace Sluice.Estimators.Optimizers;

/// <summary>
/// Adam (TF1 form): lr_t = lr·√(1-β2ᵗ)/(1-β1ᵗ); m = β1·m + (1-β1)·g; v = β2·v + (1-β2)·g²; w -= lr_t·m/(√v + ε).
/// On sparse rows only the touched rows' moments move ("lazy" Adam).
/// </summary>
internal sealed class AdamOptimizer(float learningRate, float beta1, float beta2, float epsilon) : Optimizer(learningRate)
{
    public override string[] SlotNames => ["m", "v"];

    public override void Apply(Span<float> weights, ReadOnlySpan<float> gradient, Span<float> slot0, Span<float> slot1, long step)
    {
        float lrT = (float)(LearningRate * Math.Sqrt(1 - Math.Pow(beta2, step)) / (1 - Math.Pow(beta1, step)));
        for (int i = 0; i < weights.Length; i++)
        {
            float g = gradient[i];
            float m = slot0[i] = beta1 * slot0[i] + (1f - beta1) * g;
            float v = slot1[i] = beta2 * slot1[i] + (1f - beta2) * g * g;
            weights[i] -= lrT * m / (MathF.Sqrt(v) + epsilon);
        }
    }
}
