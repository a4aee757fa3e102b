using Sluice.Tensors;
using Sluice.Tensors.Random;

namespace Sluice.Learning.Initializers;

/// <summary>
/// How a new variable's values are drawn. Random initializers draw from the engine's seeded counter-based
/// <see cref="RandomGenerator"/>, so the same seed gives bit-identical variables.
/// </summary>
public abstract class Initializer
{
    /// <summary>Fills <paramref name="values"/> (a variable of <paramref name="shape"/>), advancing <paramref name="random"/>.</summary>
    public abstract void Fill(Span<float> values, Shape shape, RandomGenerator random);

    /// <summary>A new f32 tensor of <paramref name="shape"/> filled by this initializer.</summary>
    public Tensor Create(Shape shape, RandomGenerator random)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(random);
        var tensor = Tensor.Zeros(shape);
        Fill(tensor.AsSpan(), shape, random);
        return tensor;
    }

    /// <summary>All zeros (TF's default for biases).</summary>
    public static Initializer Zeros { get; } = new ConstantInitializer(0f);

    /// <summary>All ones (batch normalisation's γ).</summary>
    public static Initializer Ones { get; } = new ConstantInitializer(1f);

    /// <summary>Every element set to <paramref name="value"/>.</summary>
    public static Initializer Constant(float value) => new ConstantInitializer(value);

    /// <summary>Glorot (Xavier) uniform: U[−l, l] with l = √(6/(fanIn+fanOut)); TF's default for Dense kernels.</summary>
    public static Initializer GlorotUniform { get; } = new VarianceScalingInitializer(1f, FanMode.Average, Distribution.Uniform);

    /// <summary>Glorot normal: truncated normal with σ = √(2/(fanIn+fanOut)) after truncation.</summary>
    public static Initializer GlorotNormal { get; } = new VarianceScalingInitializer(1f, FanMode.Average, Distribution.TruncatedNormal);

    /// <summary>He normal: truncated normal with σ = √(2/fanIn) after truncation (for ReLU layers).</summary>
    public static Initializer HeNormal { get; } = new VarianceScalingInitializer(2f, FanMode.In, Distribution.TruncatedNormal);

    /// <summary>He uniform: U[−l, l] with l = √(6/fanIn).</summary>
    public static Initializer HeUniform { get; } = new VarianceScalingInitializer(2f, FanMode.In, Distribution.Uniform);

    /// <summary>Normal(mean, σ²) with draws beyond 2σ redrawn (TF's <c>truncated_normal_initializer</c>; embeddings use σ = 1/√dimension).</summary>
    public static Initializer TruncatedNormal(float mean = 0f, float stddev = 0.05f) => new TruncatedNormalInitializer(mean, stddev);

    /// <summary>U[low, high).</summary>
    public static Initializer RandomUniform(float low = -0.05f, float high = 0.05f) => new RandomUniformInitializer(low, high);

    /// <summary>TF's <c>variance_scaling_initializer</c>.</summary>
    public static Initializer VarianceScaling(float scale, FanMode mode, Distribution distribution) => new VarianceScalingInitializer(scale, mode, distribution);
}
