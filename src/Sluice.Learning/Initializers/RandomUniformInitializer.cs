using Sluice.Tensors;
using Sluice.Tensors.Random;

namespace Sluice.Learning.Initializers;

/// <summary>U[low, high).</summary>
public sealed class RandomUniformInitializer : Initializer
{
    public RandomUniformInitializer(float low, float high)
    {
        if (!(high > low)) throw new ArgumentException($"The uniform range [{low}, {high}) is empty.");
        Low = low;
        High = high;
    }

    public float Low { get; }
    public float High { get; }

    public override void Fill(Span<float> values, Shape shape, RandomGenerator random) => random.FillUniform(values, Low, High);

    public override string ToString() => $"random_uniform({Low}, {High})";
}
