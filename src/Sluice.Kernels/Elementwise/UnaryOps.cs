using System.Runtime.Intrinsics;

namespace Sluice.Kernels;

/// <summary>The unary operator structs for <see cref="Elementwise.Unary{TOp}"/>, e.g. <c>Elementwise.Unary&lt;UnaryOps.Exp&gt;(x, y)</c>.</summary>
public static class UnaryOps
{
    /// <summary>y = -x</summary>
    public readonly struct Negate : IUnaryOperator
    {
        public static float Apply(float x) => -x;
        public static Vector128<float> Apply(Vector128<float> x) => -x;
        public static Vector256<float> Apply(Vector256<float> x) => -x;
        public static Vector512<float> Apply(Vector512<float> x) => -x;
    }

    /// <summary>y = |x|</summary>
    public readonly struct Abs : IUnaryOperator
    {
        public static float Apply(float x) => MathF.Abs(x);
        public static Vector128<float> Apply(Vector128<float> x) => Vector128.Abs(x);
        public static Vector256<float> Apply(Vector256<float> x) => Vector256.Abs(x);
        public static Vector512<float> Apply(Vector512<float> x) => Vector512.Abs(x);
    }

    /// <summary>y = eˣ</summary>
    public readonly struct Exp : IUnaryOperator
    {
        public static float Apply(float x) => MathF.Exp(x);
        public static Vector128<float> Apply(Vector128<float> x) => Vector128.Exp(x);
        public static Vector256<float> Apply(Vector256<float> x) => Vector256.Exp(x);
        public static Vector512<float> Apply(Vector512<float> x) => Vector512.Exp(x);
    }

    /// <summary>y = ln x (NaN for x &lt; 0, -∞ for 0)</summary>
    public readonly struct Log : IUnaryOperator
    {
        public static float Apply(float x) => MathF.Log(x);
        public static Vector128<float> Apply(Vector128<float> x) => Vector128.Log(x);
        public static Vector256<float> Apply(Vector256<float> x) => Vector256.Log(x);
        public static Vector512<float> Apply(Vector512<float> x) => Vector512.Log(x);
    }

    /// <summary>y = √x</summary>
    public readonly struct Sqrt : IUnaryOperator
    {
        public static float Apply(float x) => MathF.Sqrt(x);
        public static Vector128<float> Apply(Vector128<float> x) => Vector128.Sqrt(x);
        public static Vector256<float> Apply(Vector256<float> x) => Vector256.Sqrt(x);
        public static Vector512<float> Apply(Vector512<float> x) => Vector512.Sqrt(x);
    }

    /// <summary>y = 1 / x (an exact division, not the approximate reciprocal instruction)</summary>
    public readonly struct Reciprocal : IUnaryOperator
    {
        public static float Apply(float x) => 1f / x;
        public static Vector128<float> Apply(Vector128<float> x) => Vector128<float>.One / x;
        public static Vector256<float> Apply(Vector256<float> x) => Vector256<float>.One / x;
        public static Vector512<float> Apply(Vector512<float> x) => Vector512<float>.One / x;
    }

    /// <summary>y = x²</summary>
    public readonly struct Square : IUnaryOperator
    {
        public static float Apply(float x) => x * x;
        public static Vector128<float> Apply(Vector128<float> x) => x * x;
        public static Vector256<float> Apply(Vector256<float> x) => x * x;
        public static Vector512<float> Apply(Vector512<float> x) => x * x;
    }

    /// <summary>y = tanh x</summary>
    public readonly struct Tanh : IUnaryOperator
    {
        public static float Apply(float x) => MathF.Tanh(x);

        // tanh|x| = (1 - t) / (1 + t) with t = e^(-2|x|) ≤ 1, so nothing overflows; the sign is copied back.
        public static Vector128<float> Apply(Vector128<float> x)
        {
            Vector128<float> t = Vector128.Exp(Vector128.Abs(x) * Vector128.Create(-2f));
            Vector128<float> magnitude = (Vector128<float>.One - t) / (Vector128<float>.One + t);
            return Vector128.CopySign(magnitude, x);
        }

        public static Vector256<float> Apply(Vector256<float> x)
        {
            Vector256<float> t = Vector256.Exp(Vector256.Abs(x) * Vector256.Create(-2f));
            Vector256<float> magnitude = (Vector256<float>.One - t) / (Vector256<float>.One + t);
            return Vector256.CopySign(magnitude, x);
        }

        public static Vector512<float> Apply(Vector512<float> x)
        {
            Vector512<float> t = Vector512.Exp(Vector512.Abs(x) * Vector512.Create(-2f));
            Vector512<float> magnitude = (Vector512<float>.One - t) / (Vector512<float>.One + t);
            return Vector512.CopySign(magnitude, x);
        }
    }

    /// <summary>y = 1 / (1 + e⁻ˣ)</summary>
    public readonly struct Sigmoid : IUnaryOperator
    {
        public static float Apply(float x) => 1f / (1f + MathF.Exp(-x));
        public static Vector128<float> Apply(Vector128<float> x) => Vector128<float>.One / (Vector128<float>.One + Vector128.Exp(-x));
        public static Vector256<float> Apply(Vector256<float> x) => Vector256<float>.One / (Vector256<float>.One + Vector256.Exp(-x));
        public static Vector512<float> Apply(Vector512<float> x) => Vector512<float>.One / (Vector512<float>.One + Vector512.Exp(-x));
    }

    /// <summary>y = max(x, 0) (NaN stays NaN)</summary>
    public readonly struct Relu : IUnaryOperator
    {
        public static float Apply(float x) => MathF.Max(x, 0f);
        public static Vector128<float> Apply(Vector128<float> x) => Vector128.Max(x, Vector128<float>.Zero);
        public static Vector256<float> Apply(Vector256<float> x) => Vector256.Max(x, Vector256<float>.Zero);
        public static Vector512<float> Apply(Vector512<float> x) => Vector512.Max(x, Vector512<float>.Zero);
    }
}
