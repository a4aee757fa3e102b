using Sluice.Tensors;
using Sluice.Tensors.Random;

namespace Sluice.Learning.Initializers;

/// <summary>
/// TF's <c>variance_scaling_initializer</c>: target variance = scale / n, with n = fanIn, fanOut or their mean.
/// For a kernel of shape (…receptive, in, out) fanIn = in·receptive and fanOut = out·receptive; a vector of length d
/// has fanIn = fanOut = d.
/// </summary>
public sealed class VarianceScalingInitializer : Initializer
{
    // The standard deviation of a unit normal truncated to [−2, 2]; dividing by it makes the truncated draws have the
    // target variance (as TF ≥ 1.12 and Keras do).
    private const float TruncatedUnitStddev = 0.87962566103423978f;

    public VarianceScalingInitializer(float scale, FanMode mode, Distribution distribution)
    {
        if (!(scale > 0f)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "Scale must be > 0.");
        Scale = scale;
        Mode = mode;
        Distribution = distribution;
    }

    public float Scale { get; }
    public FanMode Mode { get; }
    public Distribution Distribution { get; }

    public override void Fill(Span<float> values, Shape shape, RandomGenerator random)
    {
        (double fanIn, double fanOut) = Fans(shape);
        double n = Mode switch
        {
            FanMode.In => fanIn,
            FanMode.Out => fanOut,
            _ => (fanIn + fanOut) / 2.0,
        };
        double variance = Scale / Math.Max(1.0, n);
        switch (Distribution)
        {
            case Distribution.Uniform:
                float limit = (float)Math.Sqrt(3.0 * variance);
                random.FillUniform(values, -limit, limit);
                break;
            case Distribution.Normal:
                random.FillNormal(values, 0f, (float)Math.Sqrt(variance));
                break;
            default:
                random.FillTruncatedNormal(values, 0f, (float)Math.Sqrt(variance) / TruncatedUnitStddev);
                break;
        }
    }

    /// <summary>(fanIn, fanOut) of a variable shape, as TF computes them.</summary>
    public static (double FanIn, double FanOut) Fans(Shape shape)
    {
        ReadOnlySpan<int> dims = shape.AsSpan();
        if (dims.Length == 0) return (1, 1);
        if (dims.Length == 1) return (dims[0], dims[0]);
        double receptive = 1;
        for (int i = 0; i < dims.Length - 2; i++) receptive *= dims[i];
        return (dims[^2] * receptive, dims[^1] * receptive);
    }

    public override string ToString() => $"variance_scaling(scale={Scale}, mode={Mode}, distribution={Distribution})";
}
