using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Sluice.Kernels;

/// <summary>
/// Whole-span reductions. Sums use several vector accumulators, so they add in a different order from a left-to-right
/// loop (differences of a few ulps); the order is fixed, so results are reproducible.
/// </summary>
public static class Reduce
{
    /// <summary>Σ x[i] (0 for an empty span)</summary>
    public static float Sum(ReadOnlySpan<float> x) => Dot<One>(x, x);

    /// <summary>Σ x[i]·y[i]</summary>
    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        Check.SameLength(x.Length, y.Length, nameof(y));
        return Dot<Product>(x, y);
    }

    /// <summary>Σ x[i]²</summary>
    public static float SumOfSquares(ReadOnlySpan<float> x) => Dot<Product>(x, x);

    /// <summary>max x[i] (-∞ for an empty span; NaN if any element is NaN)</summary>
    public static float Max(ReadOnlySpan<float> x) => Extreme<BinaryOps.Maximum>(x, float.NegativeInfinity);

    /// <summary>min x[i] (+∞ for an empty span; NaN if any element is NaN)</summary>
    public static float Min(ReadOnlySpan<float> x) => Extreme<BinaryOps.Minimum>(x, float.PositiveInfinity);

    /// <summary>Index of the first largest element (-1 for an empty span; NaN elements are skipped).</summary>
    public static int ArgMax(ReadOnlySpan<float> x)
    {
        int best = -1;
        float bestValue = float.NegativeInfinity;
        for (int i = 0; i < x.Length; i++)
        {
            float v = x[i];
            if (v > bestValue || (best < 0 && v == bestValue)) { best = i; bestValue = v; }
        }
        return best;
    }

    /// <summary>log Σ exp(x[i]), stable for large inputs (shifted by the maximum); -∞ for an empty span.</summary>
    public static float LogSumExp(ReadOnlySpan<float> x)
    {
        float max = Max(x);
        if (float.IsNegativeInfinity(max) || float.IsNaN(max) || float.IsPositiveInfinity(max)) return max;
        return max + MathF.Log(SumExpShifted(x, max));
    }

    /// <summary>Σ exp(x[i] - shift)</summary>
    internal static float SumExpShifted(ReadOnlySpan<float> x, float shift)
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        nuint n = (nuint)x.Length, i = 0;
        float total = 0f;
        if (Vector512.IsHardwareAccelerated && n >= 16)
        {
            var s = Vector512.Create(shift);
            var acc = Vector512<float>.Zero;
            for (; i + 16 <= n; i += 16) acc += Vector512.Exp(Vector512.LoadUnsafe(ref xr, i) - s);
            total = Vector512.Sum(acc);
        }
        else if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            var s = Vector256.Create(shift);
            var acc = Vector256<float>.Zero;
            for (; i + 8 <= n; i += 8) acc += Vector256.Exp(Vector256.LoadUnsafe(ref xr, i) - s);
            total = Vector256.Sum(acc);
        }
        for (; i < n; i++) total += MathF.Exp(Unsafe.Add(ref xr, i) - shift);
        return total;
    }

    // Σ f(x[i], y[i]) with f = x·y or x·1: four independent accumulators hide the add latency.
    private static float Dot<TCombine>(ReadOnlySpan<float> x, ReadOnlySpan<float> y) where TCombine : ICombine
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        nuint n = (nuint)x.Length, i = 0;
        float total = 0f;
        if (Vector512.IsHardwareAccelerated && n >= 16)
        {
            Vector512<float> a0 = default, a1 = default, a2 = default, a3 = default;
            for (; i + 64 <= n; i += 64)
            {
                a0 = TCombine.Accumulate(a0, Vector512.LoadUnsafe(ref xr, i), Vector512.LoadUnsafe(ref yr, i));
                a1 = TCombine.Accumulate(a1, Vector512.LoadUnsafe(ref xr, i + 16), Vector512.LoadUnsafe(ref yr, i + 16));
                a2 = TCombine.Accumulate(a2, Vector512.LoadUnsafe(ref xr, i + 32), Vector512.LoadUnsafe(ref yr, i + 32));
                a3 = TCombine.Accumulate(a3, Vector512.LoadUnsafe(ref xr, i + 48), Vector512.LoadUnsafe(ref yr, i + 48));
            }
            for (; i + 16 <= n; i += 16) a0 = TCombine.Accumulate(a0, Vector512.LoadUnsafe(ref xr, i), Vector512.LoadUnsafe(ref yr, i));
            total = Vector512.Sum((a0 + a1) + (a2 + a3));
        }
        else if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            Vector256<float> a0 = default, a1 = default;
            for (; i + 16 <= n; i += 16)
            {
                a0 = TCombine.Accumulate(a0, Vector256.LoadUnsafe(ref xr, i), Vector256.LoadUnsafe(ref yr, i));
                a1 = TCombine.Accumulate(a1, Vector256.LoadUnsafe(ref xr, i + 8), Vector256.LoadUnsafe(ref yr, i + 8));
            }
            for (; i + 8 <= n; i += 8) a0 = TCombine.Accumulate(a0, Vector256.LoadUnsafe(ref xr, i), Vector256.LoadUnsafe(ref yr, i));
            total = Vector256.Sum(a0 + a1);
        }
        for (; i < n; i++) total += TCombine.Combine(Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i));
        return total;
    }

    private static float Extreme<TOp>(ReadOnlySpan<float> x, float identity) where TOp : IBinaryOperator
    {
        ref float xr = ref MemoryMarshal.GetReference(x);
        nuint n = (nuint)x.Length, i = 0;
        float result = identity;
        if (Vector512.IsHardwareAccelerated && n >= 16)
        {
            var acc = Vector512.Create(identity);
            for (; i + 16 <= n; i += 16) acc = TOp.Apply(acc, Vector512.LoadUnsafe(ref xr, i));
            for (int lane = 0; lane < 16; lane++) result = TOp.Apply(result, acc[lane]);
        }
        else if (Vector256.IsHardwareAccelerated && n >= 8)
        {
            var acc = Vector256.Create(identity);
            for (; i + 8 <= n; i += 8) acc = TOp.Apply(acc, Vector256.LoadUnsafe(ref xr, i));
            for (int lane = 0; lane < 8; lane++) result = TOp.Apply(result, acc[lane]);
        }
        for (; i < n; i++) result = TOp.Apply(result, Unsafe.Add(ref xr, i));
        return result;
    }

    private interface ICombine
    {
        static abstract float Combine(float x, float y);
        static abstract Vector256<float> Accumulate(Vector256<float> acc, Vector256<float> x, Vector256<float> y);
        static abstract Vector512<float> Accumulate(Vector512<float> acc, Vector512<float> x, Vector512<float> y);
    }

    private readonly struct Product : ICombine
    {
        public static float Combine(float x, float y) => x * y;
        public static Vector256<float> Accumulate(Vector256<float> acc, Vector256<float> x, Vector256<float> y) => Vector256.FusedMultiplyAdd(x, y, acc);
        public static Vector512<float> Accumulate(Vector512<float> acc, Vector512<float> x, Vector512<float> y) => Vector512.FusedMultiplyAdd(x, y, acc);
    }

    private readonly struct One : ICombine
    {
        public static float Combine(float x, float y) => x;
        public static Vector256<float> Accumulate(Vector256<float> acc, Vector256<float> x, Vector256<float> y) => acc + x;
        public static Vector512<float> Accumulate(Vector512<float> acc, Vector512<float> x, Vector512<float> y) => acc + x;
    }
}
