using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Sluice.Kernels;

/// <summary>Fused and BLAS-1 helpers the tabular layers call on every step (one pass, no temporaries).</summary>
public static class Fused
{
    /// <summary>matrix[r, c] += bias[c] in place.</summary>
    /// <param name="matrix">(rows, cols)</param><param name="cols">Row length.</param><param name="bias">(cols)</param>
    public static void AddBias(Span<float> matrix, int cols, ReadOnlySpan<float> bias)
    {
        int rows = Check.Rows(matrix.Length, cols, nameof(matrix));
        Check.SameLength(cols, bias.Length, nameof(bias));
        for (int r = 0; r < rows; r++)
        {
            Span<float> row = matrix.Slice(r * cols, cols);
            Elementwise.Binary<BinaryOps.Add>(row, bias, row);
        }
    }

    /// <summary>dx[i] = x[i] &gt; 0 ? dy[i] : 0 (x may be the relu input or its output: both are positive at the same places).</summary>
    public static void ReluBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx)
    {
        Check.SameLength(x.Length, dy.Length, nameof(dy));
        Check.SameLength(x.Length, dx.Length, nameof(dx));
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float gr = ref MemoryMarshal.GetReference(dy);
        ref float dr = ref MemoryMarshal.GetReference(dx);
        nuint n = (nuint)x.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 16 <= n; i += 16)
            {
                var positive = Vector512.GreaterThan(Vector512.LoadUnsafe(ref xr, i), Vector512<float>.Zero);
                (positive & Vector512.LoadUnsafe(ref gr, i)).StoreUnsafe(ref dr, i);
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= n; i += 8)
            {
                var positive = Vector256.GreaterThan(Vector256.LoadUnsafe(ref xr, i), Vector256<float>.Zero);
                (positive & Vector256.LoadUnsafe(ref gr, i)).StoreUnsafe(ref dr, i);
            }
        }
        for (; i < n; i++) Unsafe.Add(ref dr, i) = Unsafe.Add(ref xr, i) > 0f ? Unsafe.Add(ref gr, i) : 0f;
    }

    /// <summary>y[i] += a · x[i]</summary>
    public static void Axpy(float a, ReadOnlySpan<float> x, Span<float> y)
    {
        Check.SameLength(x.Length, y.Length, nameof(y));
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        nuint n = (nuint)x.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var av = Vector512.Create(a);
            for (; i + 16 <= n; i += 16)
                Vector512.FusedMultiplyAdd(av, Vector512.LoadUnsafe(ref xr, i), Vector512.LoadUnsafe(ref yr, i)).StoreUnsafe(ref yr, i);
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var av = Vector256.Create(a);
            for (; i + 8 <= n; i += 8)
                Vector256.FusedMultiplyAdd(av, Vector256.LoadUnsafe(ref xr, i), Vector256.LoadUnsafe(ref yr, i)).StoreUnsafe(ref yr, i);
        }
        for (; i < n; i++) Unsafe.Add(ref yr, i) = MathF.FusedMultiplyAdd(a, Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i));
    }

    /// <summary>x[i] *= a in place.</summary>
    public static void Scale(float a, Span<float> x) => Elementwise.BinaryScalar<BinaryOps.Multiply>(x, a, x);

    /// <summary>x[i] = value</summary>
    public static void Fill(Span<float> x, float value) => x.Fill(value);
}
