using Sluice.Tensors;
using Sluice.Tensors.Random;

namespace Sluice.Learning.Initializers;

/// <summary>Normal(mean, σ²) with draws beyond two σ redrawn.</summary>
public sealed class TruncatedNormalInitializer : Initializer
{
    public TruncatedNormalInitializer(float mean, float stddev)
    {
        if (!(stddev > 0f) || float.IsInfinity(stddev)) throw new ArgumentOutOfRangeException(nameof(stddev), stddev, "σ must be positive and finite.");
        Mean = mean;
        Stddev = stddev;
    }

    public float Mean { get; }
    public float Stddev { get; }

    public override void Fill(Span<float> values, Shape shape, RandomGenerator random) => random.FillTruncatedNormal(values, Mean, Stddev);

    public override string ToString() => $"truncated_normal(mean={Mean}, stddev={Stddev})";
}
