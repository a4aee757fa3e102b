using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Sluice.Tensors.Execution;

/// <summary>
/// C = op(A)·op(B) for rank-2 operands, or batched over a leading axis (B may be shared, rank 2).
/// The single-matrix product goes through <see cref="Gemm"/> so the engine swaps in the fast kernel in one place.
/// </summary>
internal static class MatMulKernel
{
    public static void Run(in Buf a, in Buf b, in Buf o, MatMulParams p)
    {
        int ra = a.Rank - 2, rb = b.Rank - 2;
        int m = p.TransposeA ? a.Dims[ra + 1] : a.Dims[ra];
        int k = p.TransposeA ? a.Dims[ra] : a.Dims[ra + 1];
        int n = p.TransposeB ? b.Dims[rb] : b.Dims[rb + 1];
        int batches = a.Rank == 3 ? a.Dims[0] : 1;
        int lda = a.Dims[ra + 1], ldb = b.Dims[rb + 1];
        var x = a.F;
        var y = b.F;
        var z = o.F;
        for (int t = 0; t < batches; t++)
        {
            var ab = x.Slice(t * m * k, m * k);
            var bb = b.Rank == 3 ? y.Slice(t * k * n, k * n) : y;
            Gemm(p.TransposeA, p.TransposeB, m, n, k, ab, lda, bb, ldb, z.Slice(t * m * n, m * n), n);
        }
    }

    /// <summary>C[m,n] = op(A)·op(B) (overwrites C). Row-major with leading dimensions.</summary>
    internal static void Gemm(bool transA, bool transB, int m, int n, int k, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc)
    {
        if (m == 0 || n == 0) return;
        if (!transB)
        {
            // Row i of C accumulates a[i,p]·(row p of B): vectorised axpy over n.
            for (int i = 0; i < m; i++)
            {
                var row = c.Slice(i * ldc, n);
                row.Clear();
                for (int p = 0; p < k; p++)
                {
                    float aip = transA ? a[p * lda + i] : a[i * lda + p];
                    if (aip != 0f) Axpy(aip, b.Slice(p * ldb, n), row);
                }
            }
            return;
        }
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                var bj = b.Slice(j * ldb, k);
                float sum;
                if (!transA) sum = Dot(a.Slice(i * lda, k), bj);
                else
                {
                    sum = 0f;
                    for (int p = 0; p < k; p++) sum += a[p * lda + i] * bj[p];
                }
                c[i * ldc + j] = sum;
            }
        }
    }

    private static void Axpy(float alpha, ReadOnlySpan<float> x, Span<float> y)
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var av = Vector512.Create(alpha);
            ref float xs = ref MemoryMarshal.GetReference(x);
            ref float ys = ref MemoryMarshal.GetReference(y);
            for (; i <= y.Length - 16; i += 16)
                Vector512.FusedMultiplyAdd(av, Vector512.LoadUnsafe(ref xs, (nuint)i), Vector512.LoadUnsafe(ref ys, (nuint)i)).StoreUnsafe(ref ys, (nuint)i);
        }
        for (; i < y.Length; i++) y[i] = MathF.FusedMultiplyAdd(alpha, x[i], y[i]);
    }

    private static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        int i = 0;
        float sum = 0f;
        if (Vector512.IsHardwareAccelerated && x.Length >= 16)
        {
            var acc = Vector512<float>.Zero;
            ref float xs = ref MemoryMarshal.GetReference(x);
            ref float ys = ref MemoryMarshal.GetReference(y);
            for (; i <= x.Length - 16; i += 16)
                acc = Vector512.FusedMultiplyAdd(Vector512.LoadUnsafe(ref xs, (nuint)i), Vector512.LoadUnsafe(ref ys, (nuint)i), acc);
            sum = Vector512.Sum(acc);
        }
        for (; i < x.Length; i++) sum = MathF.FusedMultiplyAdd(x[i], y[i], sum);
        return sum;
    }
}
