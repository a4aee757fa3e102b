namespace Sluice.Kernels;

/// <summary>
/// Single-precision matrix multiply on row-major spans: <c>C = alpha·op(A)·op(B) + beta·C</c>, where op(X) is X or
/// Xᵀ. The fast kernel (packed panels, register-blocked SIMD micro-kernel, both cores on large shapes) with zero
/// managed allocation per call after the first call on a thread.
/// </summary>
public static class Gemm
{
    /// <summary>Row-major <c>C = alpha·op(A)·op(B) + beta·C</c>.</summary>
    /// <param name="transposeA">false: A is stored m×k; true: A is stored k×m and used transposed.</param>
    /// <param name="transposeB">false: B is stored k×n; true: B is stored n×k and used transposed.</param>
    /// <param name="m">Rows of C and of op(A).</param>
    /// <param name="n">Columns of C and of op(B).</param>
    /// <param name="k">The shared dimension.</param>
    /// <param name="alpha">Scale of the product.</param>
    /// <param name="a">A, row-major, row stride <paramref name="lda"/>.</param>
    /// <param name="lda">Distance between rows of the stored A (at least its column count).</param>
    /// <param name="b">B, row-major, row stride <paramref name="ldb"/>.</param>
    /// <param name="ldb">Distance between rows of the stored B.</param>
    /// <param name="beta">Scale of the old C; 0 overwrites C without reading it.</param>
    /// <param name="c">(m, n) output, row stride <paramref name="ldc"/>; must not overlap A or B.</param>
    /// <param name="ldc">Distance between rows of C (at least n).</param>
    /// <param name="maxThreads">Thread cap for this call; 0 uses <see cref="KernelThreads.Count"/>. Results are
    /// bit-identical for every thread count (threads split rows or columns of C, never the k sum).</param>
    public static void Multiply(bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc,
        int maxThreads = 0)
    {
        GemmArguments.Validate(transposeA, transposeB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        if (m == 0 || n == 0) return;
        GemmDriver.Run(transposeA, transposeB, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc, KernelThreads.Resolve(maxThreads));
    }
}
