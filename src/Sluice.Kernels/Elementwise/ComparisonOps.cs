using System.Runtime.Intrinsics;

namespace Sluice.Kernels;

/// <summary>
/// Comparison operator structs producing 0/1 float masks (1 where the comparison holds). Any comparison with NaN is
/// false, so NotEqual with a NaN operand is 1.
/// </summary>
public static class ComparisonOps
{
    /// <summary>z = x &gt; y ? 1 : 0</summary>
    public readonly struct Greater : IBinaryOperator
    {
        public static float Apply(float x, float y) => x > y ? 1f : 0f;
        public static Vector128<float> Apply(Vector128<float> x, Vector128<float> y) => Vector128.GreaterThan(x, y) & Vector128<float>.One;
        public static Vector256<float> Apply(Vector256<float> x, Vector256<float> y) => Vector256.GreaterThan(x, y) & Vector256<float>.One;
        public static Vector512<float> Apply(Vector512<float> x, Vector512<float> y) => Vector512.GreaterThan(x, y) & Vector512<float>.One;
    }

    /// <summary>z = x ≥ y ? 1 : 0</summary>
    public readonly struct GreaterOrEqual : IBinaryOperator
    {
        public static float Apply(float x, float y) => x >= y ? 1f : 0f;
        public static Vector128<float> Apply(Vector128<float> x, Vector128<float> y) => Vector128.GreaterThanOrEqual(x, y) & Vector128<float>.One;
        public static Vector256<float> Apply(Vector256<float> x, Vector256<float> y) => Vector256.GreaterThanOrEqual(x, y) & Vector256<float>.One;
        public static Vector512<float> Apply(Vector512<float> x, Vector512<float> y) => Vector512.GreaterThanOrEqual(x, y) & Vector512<float>.One;
    }

    /// <summary>z = x &lt; y ? 1 : 0</summary>
    public readonly struct Less : IBinaryOperator
    {
        public static float Apply(float x, float y) => x < y ? 1f : 0f;
        public static Vector128<float> Apply(Vector128<float> x, Vector128<float> y) => Vector128.LessThan(x, y) & Vector128<float>.One;
        public static Vector256<float> Apply(Vector256<float> x, Vector256<float> y) => Vector256.LessThan(x, y) & Vector256<float>.One;
        public static Vector512<float> Apply(Vector512<float> x, Vector512<float> y) => Vector512.LessThan(x, y) & Vector512<float>.One;
    }

    /// <summary>z = x ≤ y ? 1 : 0</summary>
    public readonly struct LessOrEqual : IBinaryOperator
    {
        public static float Apply(float x, float y) => x <= y ? 1f : 0f;
        public static Vector128<float> Apply(Vector128<float> x, Vector128<float> y) => Vector128.LessThanOrEqual(x, y) & Vector128<float>.One;
        public static Vector256<float> Apply(Vector256<float> x, Vector256<float> y) => Vector256.LessThanOrEqual(x, y) & Vector256<float>.One;
        public static Vector512<float> Apply(Vector512<float> x, Vector512<float> y) => Vector512.LessThanOrEqual(x, y) & Vector512<float>.One;
    }

    /// <summary>z = x == y ? 1 : 0</summary>
    public readonly struct Equal : IBinaryOperator
    {
        public static float Apply(float x, float y) => x == y ? 1f : 0f;
        public static Vector128<float> Apply(Vector128<float> x, Vector128<float> y) => Vector128.Equals(x, y) & Vector128<float>.One;
        public static Vector256<float> Apply(Vector256<float> x, Vector256<float> y) => Vector256.Equals(x, y) & Vector256<float>.One;
        public static Vector512<float> Apply(Vector512<float> x, Vector512<float> y) => Vector512.Equals(x, y) & Vector512<float>.One;
    }

    /// <summary>z = x != y ? 1 : 0</summary>
    public readonly struct NotEqual : IBinaryOperator
    {
        public static float Apply(float x, float y) => x != y ? 1f : 0f;
        public static Vector128<float> Apply(Vector128<float> x, Vector128<float> y) => ~Vector128.Equals(x, y) & Vector128<float>.One;
        public static Vector256<float> Apply(Vector256<float> x, Vector256<float> y) => ~Vector256.Equals(x, y) & Vector256<float>.One;
        public static Vector512<float> Apply(Vector512<float> x, Vector512<float> y) => ~Vector512.Equals(x, y) & Vector512<float>.One;
    }
}
