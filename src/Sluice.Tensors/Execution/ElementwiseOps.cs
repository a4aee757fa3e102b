using System.Runtime.Intrinsics;
using Sluice.Kernels;

namespace Sluice.Tensors.Execution;

// The two elementwise operators the kernels library does not have; the rest are Sluice.Kernels' UnaryOps,
// BinaryOps and ComparisonOps, driven by its Elementwise drivers.

/// <summary>sign(x) ∈ {-1, 0, 1}.</summary>
internal readonly struct SignOp : IUnaryOperator
{
    public static float Apply(float x) => x > 0 ? 1f : x < 0 ? -1f : 0f;

    public static Vector128<float> Apply(Vector128<float> x) =>
        (Vector128.GreaterThan(x, Vector128<float>.Zero) & Vector128<float>.One) - (Vector128.LessThan(x, Vector128<float>.Zero) & Vector128<float>.One);

    public static Vector256<float> Apply(Vector256<float> x) =>
        (Vector256.GreaterThan(x, Vector256<float>.Zero) & Vector256<float>.One) - (Vector256.LessThan(x, Vector256<float>.Zero) & Vector256<float>.One);

    public static Vector512<float> Apply(Vector512<float> x) =>
        (Vector512.GreaterThan(x, Vector512<float>.Zero) & Vector512<float>.One) - (Vector512.LessThan(x, Vector512<float>.Zero) & Vector512<float>.One);
}

/// <summary>x^y. No vector formula worth having: the vector forms apply MathF.Pow lane by lane.</summary>
internal readonly struct PowOp : IBinaryOperator
{
    public static float Apply(float x, float y) => MathF.Pow(x, y);

    public static Vector128<float> Apply(Vector128<float> x, Vector128<float> y) =>
        Vector128.Create(MathF.Pow(x[0], y[0]), MathF.Pow(x[1], y[1]), MathF.Pow(x[2], y[2]), MathF.Pow(x[3], y[3]));

    public static Vector256<float> Apply(Vector256<float> x, Vector256<float> y) =>
        Vector256.Create(Apply(x.GetLower(), y.GetLower()), Apply(x.GetUpper(), y.GetUpper()));

    public static Vector512<float> Apply(Vector512<float> x, Vector512<float> y) =>
        Vector512.Create(Apply(x.GetLower(), y.GetLower()), Apply(x.GetUpper(), y.GetUpper()));
}
