using Sluice.Tensors;
using Sluice.Tensors.Random;

namespace Sluice.Learning.Initializers;

/// <summary>Every element set to one value; draws no random numbers.</summary>
public sealed class ConstantInitializer(float value) : Initializer
{
    public float Value { get; } = value;

    public override void Fill(Span<float> values, Shape shape, RandomGenerator random) => values.Fill(Value);

    public override string ToString() => $"constant({Value})";
}
