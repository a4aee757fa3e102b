using System.Numerics;
using Sluice.Learning.Schedules;

namespace Sluice.Learning.Optimizers;

/// <summary>
/// TF1 <c>FtrlOptimizer</c> (FTRL-Proximal, McMahan et al. 2013), per element with p = −learningRatePower:
/// <code>
/// g' = g + 2·l2Shrinkage·w                 (only when l2Shrinkage &gt; 0; the accumulator still uses g)
/// n' = n + g²
/// z  ← z + g' − (n'^p − n^p)/lr · w
/// w  ← |z| &gt; l1 ? (sign(z)·l1 − z) / (n'^p/lr + 2·l2) : 0
/// n  ← n'
/// </code>
/// Slots: <c>accumulator</c> n (starts at 0.1) and <c>linear</c> z (starts at 0).
/// </summary>
public sealed class Ftrl : Optimizer
{
    public Ftrl(
        LearningRateSchedule learningRate,
        float learningRatePower = -0.5f,
        float initialAccumulatorValue = 0.1f,
        float l1RegularizationStrength = 0f,
        float l2RegularizationStrength = 0f,
        float l2ShrinkageRegularizationStrength = 0f,
        string name = "Ftrl")
        : base(name, learningRate)
    {
        if (!(learningRatePower <= 0f)) throw new ArgumentOutOfRangeException(nameof(learningRatePower), learningRatePower, "FTRL's learning-rate power must be ≤ 0.");
        if (!(initialAccumulatorValue >= 0f)) throw new ArgumentOutOfRangeException(nameof(initialAccumulatorValue), initialAccumulatorValue, "FTRL's initial accumulator must be ≥ 0 (as in TF1).");
        if (!(l1RegularizationStrength >= 0f)) throw new ArgumentOutOfRangeException(nameof(l1RegularizationStrength), l1RegularizationStrength, "L1 must be ≥ 0.");
        if (!(l2RegularizationStrength >= 0f)) throw new ArgumentOutOfRangeException(nameof(l2RegularizationStrength), l2RegularizationStrength, "L2 must be ≥ 0.");
        if (!(l2ShrinkageRegularizationStrength >= 0f)) throw new ArgumentOutOfRangeException(nameof(l2ShrinkageRegularizationStrength), l2ShrinkageRegularizationStrength, "L2 shrinkage must be ≥ 0.");
        LearningRatePower = learningRatePower;
        InitialAccumulatorValue = initialAccumulatorValue;
        L1 = l1RegularizationStrength;
        L2 = l2RegularizationStrength;
        L2Shrinkage = l2ShrinkageRegularizationStrength;
        SlotDefinitions = [new("accumulator", initialAccumulatorValue), new("linear", 0f)];
    }

    public float LearningRatePower { get; }
    public float InitialAccumulatorValue { get; }
    public float L1 { get; }
    public float L2 { get; }
    public float L2Shrinkage { get; }

    public override IReadOnlyList<SlotDefinition> SlotDefinitions { get; }

    protected override void Update(Span<float> weights, ReadOnlySpan<float> gradient, SlotSpans slots)
    {
        float lr = CurrentLearningRate, l1 = L1, twoL2 = 2f * L2, twoShrinkage = 2f * L2Shrinkage;
        bool squareRoot = LearningRatePower == -0.5f;
        float power = -LearningRatePower;
        Span<float> accumulator = slots.First, linear = slots.Second;
        int done = 0;
        if (squareRoot)
        {
            // The −0.5 power (TF's default) is a square root, which vectorizes exactly; other powers stay scalar.
            Span<Vector<float>> wV = Lanes.Of(weights), nV = Lanes.Of(accumulator), zV = Lanes.Of(linear);
            ReadOnlySpan<Vector<float>> gV = Lanes.Of(gradient);
            Vector<float> lrV = new(lr), l1V = new(l1), minusL1V = new(-l1), twoL2V = new(twoL2), shrinkV = new(twoShrinkage);
            for (int i = 0; i < wV.Length; i++)
            {
                Vector<float> g = gV[i], w = wV[i], n = nV[i];
                Vector<float> nNew = n + g * g;
                Vector<float> nNewRoot = Vector.SquareRoot(nNew);
                Vector<float> z = zV[i] + (g + shrinkV * w) - (nNewRoot - Vector.SquareRoot(n)) / lrV * w;
                zV[i] = z;
                nV[i] = nNew;
                Vector<float> signedL1 = Vector.ConditionalSelect(Vector.GreaterThan(z, Vector<float>.Zero), l1V, minusL1V);
                Vector<float> solution = (signedL1 - z) / (nNewRoot / lrV + twoL2V);
                wV[i] = Vector.ConditionalSelect(Vector.GreaterThan(Vector.Abs(z), l1V), solution, Vector<float>.Zero);
            }
            done = wV.Length * Lanes.Width;
        }
        for (int i = done; i < weights.Length; i++)
        {
            float g = gradient[i], w = weights[i], n = accumulator[i];
            float nNew = n + g * g;
            float nPower = squareRoot ? MathF.Sqrt(n) : MathF.Pow(n, power);
            float nNewPower = squareRoot ? MathF.Sqrt(nNew) : MathF.Pow(nNew, power);
            float z = linear[i] + (g + twoShrinkage * w) - (nNewPower - nPower) / lr * w;
            linear[i] = z;
            accumulator[i] = nNew;
            weights[i] = MathF.Abs(z) > l1 ? (MathF.CopySign(l1, z) - z) / (nNewPower / lr + twoL2) : 0f;
        }
    }
}
