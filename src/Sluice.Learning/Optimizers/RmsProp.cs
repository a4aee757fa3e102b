using System.Numerics;
using Sluice.Learning.Schedules;

namespace Sluice.Learning.Optimizers;

/// <summary>
/// TF1 <c>RMSPropOptimizer</c>: ms ← ms + (g²−ms)(1−ρ); [centered: mg ← mg + (g−mg)(1−ρ), d = ms − mg² + ε,
/// else d = ms + ε]; mom ← μ·mom + lr·g/√d; w ← w − mom.
/// </summary>
/// <remarks>TF1 starts the <c>rms</c> slot at 1 (not 0 as Keras does); <c>momentum</c> and <c>mg</c> start at 0.</remarks>
public sealed class RmsProp : Optimizer
{
    public RmsProp(LearningRateSchedule learningRate, float decay = 0.9f, float momentum = 0f, float epsilon = 1e-10f, bool centered = false, string name = "RMSProp")
        : base(name, learningRate)
    {
        if (!(decay >= 0f && decay <= 1f)) throw new ArgumentOutOfRangeException(nameof(decay), decay, "Decay must be in [0, 1].");
        if (!(momentum >= 0f)) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Momentum must be ≥ 0.");
        if (!(epsilon > 0f)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "ε must be > 0.");
        Decay = decay;
        MomentumValue = momentum;
        Epsilon = epsilon;
        Centered = centered;
        SlotDefinitions = centered
            ? [new("rms", 1f), new("momentum", 0f), new("mg", 0f)]
            : [new("rms", 1f), new("momentum", 0f)];
    }

    /// <summary>ρ, the decay of the mean square.</summary>
    public float Decay { get; }
    public float MomentumValue { get; }
    public float Epsilon { get; }
    public bool Centered { get; }

    public override IReadOnlyList<SlotDefinition> SlotDefinitions { get; }

    protected override void Update(Span<float> weights, ReadOnlySpan<float> gradient, SlotSpans slots)
    {
        float lr = CurrentLearningRate, oneMinusDecay = 1f - Decay, mu = MomentumValue, epsilon = Epsilon;
        Span<float> ms = slots.First, mom = slots.Second, mg = slots.Third;
        int done = 0;
        if (!Centered)
        {
            Span<Vector<float>> wV = Lanes.Of(weights), msV = Lanes.Of(ms), momV = Lanes.Of(mom);
            ReadOnlySpan<Vector<float>> gV = Lanes.Of(gradient);
            Vector<float> lrV = new(lr), decayV = new(oneMinusDecay), muV = new(mu), epsV = new(epsilon);
            for (int i = 0; i < wV.Length; i++)
            {
                Vector<float> g = gV[i];
                Vector<float> msi = msV[i] + (g * g - msV[i]) * decayV;
                msV[i] = msi;
                Vector<float> momi = momV[i] * muV + lrV * g / Vector.SquareRoot(msi + epsV);
                momV[i] = momi;
                wV[i] -= momi;
            }
            done = wV.Length * Lanes.Width;
        }
        for (int i = done; i < weights.Length; i++)
        {
            float g = gradient[i];
            float msi = ms[i] + (g * g - ms[i]) * oneMinusDecay;
            ms[i] = msi;
            float denominator;
            if (Centered)
            {
                float mgi = mg[i] + (g - mg[i]) * oneMinusDecay;
                mg[i] = mgi;
                denominator = msi - mgi * mgi + epsilon;
            }
            else
            {
                denominator = msi + epsilon;
            }
            float momi = mom[i] * mu + lr * g / MathF.Sqrt(denominator);
            mom[i] = momi;
            weights[i] -= momi;
        }
    }
}
