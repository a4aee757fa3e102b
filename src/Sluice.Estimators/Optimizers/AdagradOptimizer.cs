using System.Numerics;

namespace Sluice.Estimators.Optimizers;

/// <summary>Adagrad: a += g²; w -= lr·g/√a. Slot: accumulator (starts at 0.1, TF1's default).</summary>
internal sealed class AdagradOptimizer(float learningRate, float initialAccumulator) : Optimizer(learningRate)
{
    public override string[] SlotNames => ["accumulator"];

    public override float SlotInitialValue(int slot) => initialAccumulator;

    public override void Apply(Span<float> weights, ReadOnlySpan<float> gradient, Span<float> slot0, Span<float> slot1, long step)
    {
        int i = 0, n = weights.Length;
        if (Vector.IsHardwareAccelerated)
        {
            var lr = new Vector<float>(LearningRate);
            for (; i <= n - Vector<float>.Count; i += Vector<float>.Count)
            {
                var g = new Vector<float>(gradient[i..]);
                var a = new Vector<float>(slot0[i..]) + g * g;
                a.CopyTo(slot0[i..]);
                (new Vector<float>(weights[i..]) - lr * g / Vector.SquareRoot(a)).CopyTo(weights[i..]);
            }
        }
        for (; i < n; i++)
        {
            float g = gradient[i];
            float a = slot0[i] + g * g;
            slot0[i] = a;
            weights[i] -= LearningRate * g / MathF.Sqrt(a);
        }
    }
}
