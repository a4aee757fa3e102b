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

    /// <summary>C[m,n] = op(A)·op(B) (overwrites C). Row-major with leading dimensions; the kernels' blocked GEMM.</summary>
    internal static void Gemm(bool transA, bool transB, int m, int n, int k, ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, Span<float> c, int ldc)
    {
        if (m == 0 || n == 0) return;
        Sluice.Kernels.Gemm.Multiply(transA, transB, m, n, k, 1f, a, lda, b, ldb, 0f, c, ldc);
    }
}
