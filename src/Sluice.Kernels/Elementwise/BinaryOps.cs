using System.Runtime.Intrinsics;

namespace Sluice.Kernels;

/// <summary>The arithmetic binary operator structs for <see cref="Elementwise.Binary{TOp}"/> and its broadcast forms.</summary>
public static class BinaryOps
{
    /// <summary>z = x + y</summary>
    public readonly struct Add : IBinaryOperator
    {
        public static float Apply(float x, float y) => x + y;
        public static Vector128<float> Apply(Vector128<float> x, Vector128<float> y) => x + y;
        public static Vector256<float> Apply(Vector256<float> x, Vector256<float> y) => x + y;
        public static Vector512<float> Apply(Vector512<float> x, Vector512<float> y) => x + y;
    }

    /// <summary>z = x - y</summary>
    public readonly struct Subtract : IBinaryOperator
    {
        public static float Apply(float x, float y) => x - y;
        public static Vector128<float> Apply(Vector128<float> x, Vector128<float> y) => x - y;
        public static Vector256<float> Apply(Vector256<float> x, Vector256<float> y) => x - y;
        public static Vector512<float> Apply(Vector512<float> x, Vector512<float> y) => x - y;
    }

    /// <summary>z = x · y</summary>
    public readonly struct Multiply : IBinaryOperator
    {
        public static float Apply(float x, float y) => x * y;
        public static Vector128<float> Apply(Vector128<float> x, Vector128<float> y) => x * y;
        public static Vector256<float> Apply(Vector256<float> x, Vector256<float> y) => x * y;
        public static Vector512<float> Apply(Vector512<float> x, Vector512<float> y) => x * y;
    }

    /// <summary>z = x / y</summary>
    public readonly struct Divide : IBinaryOperator
    {
        public static float Apply(float x, float y) => x / y;
        public static Vector128<float> Apply(Vector128<float> x, Vector128<float> y) => x / y;
        public static Vector256<float> Apply(Vector256<float> x, Vector256<float> y) => x / y;
        public static Vector512<float> Apply(Vector512<float> x, Vector512<float> y) => x / y;
    }

    /// <summary>z = max(x, y) (IEEE 754:2019 maximum: NaN propagates, +0 &gt; -0, like <see cref="MathF.Max"/>)</summary>
    public readonly struct Maximum : IBinaryOperator
    {
        public static float Apply(float x, float y) => MathF.Max(x, y);
        public static Vector128<float> Apply(Vector128<float> x, Vector128<float> y) => Vector128.Max(x, y);
        public static Vector256<float> Apply(Vector256<float> x, Vector256<float> y) => Vector256.Max(x, y);
        public static Vector512<float> Apply(Vector512<float> x, Vector512<float> y) => Vector512.Max(x, y);
    }

    /// <summary>z = min(x, y) (NaN propagates, -0 &lt; +0, like <see cref="MathF.Min"/>)</summary>
    public readonly struct Minimum : IBinaryOperator
    {
        public static float Apply(float x, float y) => MathF.Min(x, y);
        public static Vector128<float> Apply(Vector128<float> x, Vector128<float> y) => Vector128.Min(x, y);
        public static Vector256<float> Apply(Vector256<float> x, Vector256<float> y) => Vector256.Min(x, y);
        public static Vector512<float> Apply(Vector512<float> x, Vector512<float> y) => Vector512.Min(x, y);
    }
}
