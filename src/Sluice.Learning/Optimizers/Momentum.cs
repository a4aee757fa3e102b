using System.Numerics;
using Sluice.Learning.Schedules;

namespace Sluice.Learning.Optimizers;

/// <summary>
/// TF1 <c>MomentumOptimizer</c>: a ← μ·a + g; w ← w − lr·a, or with Nesterov w ← w − lr·g − lr·μ·a.
/// The accumulator starts at 0.
/// </summary>
public sealed class Momentum : Optimizer
{
    public Momentum(LearningRateSchedule learningRate, float momentum, bool useNesterov = false, string name = "Momentum")
        : base(name, learningRate)
    {
        if (!(momentum >= 0f)) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Momentum must be ≥ 0.");
        MomentumValue = momentum;
        UseNesterov = useNesterov;
    }

    /// <summary>μ.</summary>
    public float MomentumValue { get; }

    public bool UseNesterov { get; }

    public override IReadOnlyList<SlotDefinition> SlotDefinitions { get; } = [new("momentum", 0f)];

    protected override void Update(Span<float> weights, ReadOnlySpan<float> gradient, SlotSpans slots)
    {
        float lr = CurrentLearningRate, mu = MomentumValue;
        Span<float> accumulator = slots.First;
        Span<Vector<float>> wV = Lanes.Of(weights), aV = Lanes.Of(accumulator);
        ReadOnlySpan<Vector<float>> gV = Lanes.Of(gradient);
        Vector<float> lrV = new(lr), muV = new(mu);
        for (int i = 0; i < wV.Length; i++)
        {
            Vector<float> g = gV[i];
            Vector<float> a = aV[i] * muV + g;
            aV[i] = a;
            wV[i] -= UseNesterov ? g * lrV + a * muV * lrV : a * lrV;
        }
        for (int i = wV.Length * Lanes.Width; i < weights.Length; i++)
        {
            float g = gradient[i];
            float a = accumulator[i] * mu + g;
            accumulator[i] = a;
            weights[i] -= UseNesterov ? g * lr + a * mu * lr : a * lr;
        }
    }
}
