using System.Numerics;
using Sluice.Learning.Schedules;

namespace Sluice.Learning.Optimizers;

/// <summary>TF1 <c>GradientDescentOptimizer</c>: w ← w − lr·g.</summary>
public sealed class GradientDescent : Optimizer
{
    public GradientDescent(LearningRateSchedule learningRate, string name = "GradientDescent") : base(name, learningRate) { }

    public override IReadOnlyList<SlotDefinition> SlotDefinitions { get; } = [];

    protected override void Update(Span<float> weights, ReadOnlySpan<float> gradient, SlotSpans slots)
    {
        float lr = CurrentLearningRate;
        Span<Vector<float>> w = Lanes.Of(weights);
        ReadOnlySpan<Vector<float>> g = Lanes.Of(gradient);
        var lrV = new Vector<float>(lr);
        for (int i = 0; i < w.Length; i++) w[i] -= lrV * g[i];
        for (int i = w.Length * Lanes.Width; i < weights.Length; i++) weights[i] -= lr * gradient[i];
    }
}
