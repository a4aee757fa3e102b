using Sluice.Tensors;

namespace Sluice.Learning.Layers;

/// <summary>target ← target·momentum + value·(1 − momentum), applied after a training step (batch-norm statistics).</summary>
/// <param name="Target">the non-trainable variable to move</param>
/// <param name="Value">the batch statistic (symbolic inside a trace)</param>
/// <param name="Momentum">how much of the old value is kept</param>
public sealed record MovingAverageUpdate(Variable Target, Tensor Value, float Momentum)
{
    /// <summary>Applies the update to <see cref="Target"/> from concrete <paramref name="value"/> (same length).</summary>
    public static void Apply(Span<float> target, ReadOnlySpan<float> value, float momentum)
    {
        if (target.Length != value.Length) throw new ArgumentException($"Moving average of {target.Length} values got {value.Length}.");
        float keep = momentum, take = 1f - momentum;
        for (int i = 0; i < target.Length; i++) target[i] = target[i] * keep + value[i] * take;
    }
}
