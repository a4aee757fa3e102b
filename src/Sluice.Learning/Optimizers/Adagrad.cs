using System.Numerics;
using Sluice.Learning.Schedules;

namespace Sluice.Learning.Optimizers;

/// <summary>
/// TF1 <c>AdagradOptimizer</c>: acc ← acc + g²; w ← w − lr·g/√acc. The accumulator starts at 0.1 (TF1 default),
/// which also keeps the first step finite.
/// </summary>
public sealed class Adagrad : Optimizer
{
    public Adagrad(LearningRateSchedule learningRate, float initialAccumulatorValue = 0.1f, string name = "Adagrad")
        : base(name, learningRate)
    {
        if (!(initialAccumulatorValue > 0f))
            throw new ArgumentOutOfRangeException(nameof(initialAccumulatorValue), initialAccumulatorValue, "Adagrad's initial accumulator must be > 0.");
        InitialAccumulatorValue = initialAccumulatorValue;
        SlotDefinitions = [new("accumulator", initialAccumulatorValue)];
    }

    public float InitialAccumulatorValue { get; }

    public override IReadOnlyList<SlotDefinition> SlotDefinitions { get; }

    protected override void Update(Span<float> weights, ReadOnlySpan<float> gradient, SlotSpans slots)
    {
        float lr = CurrentLearningRate;
        Span<float> accumulator = slots.First;
        Span<Vector<float>> wV = Lanes.Of(weights), accV = Lanes.Of(accumulator);
        ReadOnlySpan<Vector<float>> gV = Lanes.Of(gradient);
        var lrV = new Vector<float>(lr);
        for (int i = 0; i < wV.Length; i++)
        {
            Vector<float> g = gV[i];
            Vector<float> acc = accV[i] + g * g;
            accV[i] = acc;
            wV[i] -= lrV * g / Vector.SquareRoot(acc);
        }
        for (int i = wV.Length * Lanes.Width; i < weights.Length; i++)
        {
            float g = gradient[i];
            float acc = accumulator[i] + g * g;
            accumulator[i] = acc;
            weights[i] -= lr * g / MathF.Sqrt(acc);
        }
    }
}
