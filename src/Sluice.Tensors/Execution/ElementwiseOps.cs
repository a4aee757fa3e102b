using System.Runtime.Intrinsics;

namespace Sluice.Tensors.Execution;

/// <summary>A float unary operator: scalar form and Vector512 form (same formula, so tails match the body closely).</summary>
internal interface IUnaryOp
{
    static abstract float Apply(float x);
    static abstract Vector512<float> Apply(Vector512<float> x);
}

internal interface IBinaryOp
{
    static abstract float Apply(float x, float y);
    static abstract Vector512<float> Apply(Vector512<float> x, Vector512<float> y);
}

internal readonly struct NegOp : IUnaryOp
{
    public static float Apply(float x) => -x;
    public static Vector512<float> Apply(Vector512<float> x) => -x;
}

internal readonly struct ExpOp : IUnaryOp
{
    public static float Apply(float x) => MathF.Exp(x);
    public static Vector512<float> Apply(Vector512<float> x) => Vector512.Exp(x);
}

internal readonly struct LogOp : IUnaryOp
{
    public static float Apply(float x) => MathF.Log(x);
    public static Vector512<float> Apply(Vector512<float> x) => Vector512.Log(x);
}

internal readonly struct SqrtOp : IUnaryOp
{
    public static float Apply(float x) => MathF.Sqrt(x);
    public static Vector512<float> Apply(Vector512<float> x) => Vector512.Sqrt(x);
}

internal readonly struct AbsOp : IUnaryOp
{
    public static float Apply(float x) => MathF.Abs(x);
    public static Vector512<float> Apply(Vector512<float> x) => Vector512.Abs(x);
}

internal readonly struct SignOp : IUnaryOp
{
    public static float Apply(float x) => x > 0 ? 1f : x < 0 ? -1f : 0f;

    public static Vector512<float> Apply(Vector512<float> x) =>
        (Vector512.GreaterThan(x, Vector512<float>.Zero) & Vector512<float>.One)
        - (Vector512.LessThan(x, Vector512<float>.Zero) & Vector512<float>.One);
}

/// <summary>σ(x) = 1 / (1 + e^-x); saturates cleanly to 0 and 1 (e^-x = ∞ gives 0, never NaN).</summary>
internal readonly struct SigmoidOp : IUnaryOp
{
    public static float Apply(float x) => 1f / (1f + MathF.Exp(-x));
    public static Vector512<float> Apply(Vector512<float> x) => Vector512<float>.One / (Vector512<float>.One + Vector512.Exp(-x));
}

/// <summary>tanh(x) = 1 - 2 / (e^{2x} + 1), which saturates to ±1 without NaN.</summary>
internal readonly struct TanhOp : IUnaryOp
{
    public static float Apply(float x) => 1f - 2f / (MathF.Exp(2f * x) + 1f);

    public static Vector512<float> Apply(Vector512<float> x) =>
        Vector512<float>.One - Vector512.Create(2f) / (Vector512.Exp(x + x) + Vector512<float>.One);
}

internal readonly struct AddOp : IBinaryOp
{
    public static float Apply(float x, float y) => x + y;
    public static Vector512<float> Apply(Vector512<float> x, Vector512<float> y) => x + y;
}

internal readonly struct SubOp : IBinaryOp
{
    public static float Apply(float x, float y) => x - y;
    public static Vector512<float> Apply(Vector512<float> x, Vector512<float> y) => x - y;
}

internal readonly struct MulOp : IBinaryOp
{
    public static float Apply(float x, float y) => x * y;
    public static Vector512<float> Apply(Vector512<float> x, Vector512<float> y) => x * y;
}

internal readonly struct DivOp : IBinaryOp
{
    public static float Apply(float x, float y) => x / y;
    public static Vector512<float> Apply(Vector512<float> x, Vector512<float> y) => x / y;
}

internal readonly struct MaximumOp : IBinaryOp
{
    public static float Apply(float x, float y) => MathF.Max(x, y);
    public static Vector512<float> Apply(Vector512<float> x, Vector512<float> y) => Vector512.Max(x, y);
}

internal readonly struct MinimumOp : IBinaryOp
{
    public static float Apply(float x, float y) => MathF.Min(x, y);
    public static Vector512<float> Apply(Vector512<float> x, Vector512<float> y) => Vector512.Min(x, y);
}

/// <summary>x^y. No vector form worth having: the vector path falls back to the scalar one element by element.</summary>
internal readonly struct PowOp : IBinaryOp
{
    public static float Apply(float x, float y) => MathF.Pow(x, y);

    public static Vector512<float> Apply(Vector512<float> x, Vector512<float> y)
    {
        Span<float> r = stackalloc float[16];
        for (int i = 0; i < 16; i++) r[i] = MathF.Pow(x[i], y[i]);
        return Vector512.Create((ReadOnlySpan<float>)r);
    }
}

// Comparisons produce 1/0 so the fused loop can treat masks as floats; standalone they write bool.
internal readonly struct LessOp : IBinaryOp
{
    public static float Apply(float x, float y) => x < y ? 1f : 0f;
    public static Vector512<float> Apply(Vector512<float> x, Vector512<float> y) => Vector512.LessThan(x, y) & Vector512<float>.One;
}

internal readonly struct LessEqualOp : IBinaryOp
{
    public static float Apply(float x, float y) => x <= y ? 1f : 0f;
    public static Vector512<float> Apply(Vector512<float> x, Vector512<float> y) => Vector512.LessThanOrEqual(x, y) & Vector512<float>.One;
}

internal readonly struct GreaterOp : IBinaryOp
{
    public static float Apply(float x, float y) => x > y ? 1f : 0f;
    public static Vector512<float> Apply(Vector512<float> x, Vector512<float> y) => Vector512.GreaterThan(x, y) & Vector512<float>.One;
}

internal readonly struct GreaterEqualOp : IBinaryOp
{
    public static float Apply(float x, float y) => x >= y ? 1f : 0f;
    public static Vector512<float> Apply(Vector512<float> x, Vector512<float> y) => Vector512.GreaterThanOrEqual(x, y) & Vector512<float>.One;
}

internal readonly struct EqualOp : IBinaryOp
{
    public static float Apply(float x, float y) => x == y ? 1f : 0f;
    public static Vector512<float> Apply(Vector512<float> x, Vector512<float> y) => Vector512.Equals(x, y) & Vector512<float>.One;
}

internal readonly struct NotEqualOp : IBinaryOp
{
    public static float Apply(float x, float y) => x != y ? 1f : 0f;
    public static Vector512<float> Apply(Vector512<float> x, Vector512<float> y) => ~Vector512.Equals(x, y) & Vector512<float>.One;
}
