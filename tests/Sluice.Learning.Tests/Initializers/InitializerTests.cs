using Sluice.Learning.Initializers;
using Sluice.Tensors;
using Sluice.Tensors.Random;
using Sluice.TestKit;

namespace Sluice.Learning.Tests.Initializers;

public sealed class InitializerTests
{
    [Fact]
    public void Same_seed_gives_bit_identical_values_and_different_seeds_differ()
    {
        float[] a = Initializer.GlorotUniform.Create(new Shape(64, 32), new RandomGenerator(7)).ToArray();
        float[] b = Initializer.GlorotUniform.Create(new Shape(64, 32), new RandomGenerator(7)).ToArray();
        float[] c = Initializer.GlorotUniform.Create(new Shape(64, 32), new RandomGenerator(8)).ToArray();
        Assert.Equal(a, b);
        Assert.NotEqual(a, c);
    }

    [Fact]
    public void Glorot_uniform_stays_within_its_limit_and_has_the_target_variance()
    {
        var shape = new Shape(300, 200);
        float[] values = Initializer.GlorotUniform.Create(shape, new RandomGenerator(1)).ToArray();
        double limit = Math.Sqrt(6.0 / (300 + 200));
        Assert.All(values, v => Assert.InRange(v, -limit, limit));
        AssertClose.Scalar(2.0 / (300 + 200), Variance(values), rtol: 0.03, what: "variance");
        AssertClose.Scalar(0, Mean(values), atol: 0.002, what: "mean");
    }

    [Theory]
    [InlineData("glorot_normal", 2.0 / (300 + 200))]
    [InlineData("he_normal", 2.0 / 300)]
    [InlineData("he_uniform", 2.0 / 300)]
    public void Variance_scaling_initializers_reach_their_target_variance(string kind, double expectedVariance)
    {
        Initializer initializer = kind switch
        {
            "glorot_normal" => Initializer.GlorotNormal,
            "he_normal" => Initializer.HeNormal,
            _ => Initializer.HeUniform,
        };
        float[] values = initializer.Create(new Shape(300, 200), new RandomGenerator(3)).ToArray();
        AssertClose.Scalar(expectedVariance, Variance(values), rtol: 0.03, what: $"{kind} variance");
        if (kind != "he_uniform")
        {
            // Truncated at two (pre-correction) standard deviations.
            double bound = 2 * Math.Sqrt(expectedVariance) / 0.87962566103423978;
            Assert.All(values, v => Assert.InRange(v, -bound * 1.0001, bound * 1.0001));
        }
    }

    [Fact]
    public void Truncated_normal_has_no_draw_beyond_two_standard_deviations()
    {
        float[] values = Initializer.TruncatedNormal(1f, 0.5f).Create(new Shape(20_000), new RandomGenerator(5)).ToArray();
        Assert.All(values, v => Assert.InRange(v, 0f, 2f));
        AssertClose.Scalar(1.0, Mean(values), atol: 0.01, what: "mean");
    }

    [Fact]
    public void Constant_initializers_fill_exactly()
    {
        Assert.All(Initializer.Zeros.Create(new Shape(3, 2), new RandomGenerator(1)).ToArray(), v => Assert.Equal(0f, v));
        Assert.All(Initializer.Ones.Create(new Shape(4), new RandomGenerator(1)).ToArray(), v => Assert.Equal(1f, v));
        Assert.All(Initializer.Constant(2.5f).Create(new Shape(2), new RandomGenerator(1)).ToArray(), v => Assert.Equal(2.5f, v));
    }

    [Fact]
    public void Fans_follow_TF_for_vectors_matrices_and_kernels()
    {
        Assert.Equal((5.0, 5.0), VarianceScalingInitializer.Fans(new Shape(5)));
        Assert.Equal((3.0, 7.0), VarianceScalingInitializer.Fans(new Shape(3, 7)));
        Assert.Equal((2.0 * 3 * 4, 2.0 * 3 * 5), VarianceScalingInitializer.Fans(new Shape(2, 3, 4, 5)));
    }

    private static double Mean(float[] values)
    {
        double sum = 0;
        foreach (float v in values) sum += v;
        return sum / values.Length;
    }

    private static double Variance(float[] values)
    {
        double mean = Mean(values), sum = 0;
        foreach (float v in values) sum += (v - mean) * (v - mean);
        return sum / values.Length;
    }
}
