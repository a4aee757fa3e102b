namespace Sluice.Kernels;

/// <summary>
/// The naive twin of <see cref="Gemm"/>: three loops and a double accumulator, kept as the oracle the fast kernel is
/// tested against. Same signature and semantics; never use it on a hot path.
/// </summary>
public static class GemmReference
{
    /// <summary>Row-major <c>C = alpha·op(A)·op(B) + beta·C</c>; see <see cref="Gemm.Multiply"/>.</summary>
    public static void Multiply(bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc)
    {
        GemmArguments.Validate(transposeA, transposeB, m, n, k, a.Length, lda, b.Length, ldb, c.Length, ldc);
        for (int i = 0; i < m; i++)
        {
            for (int j = 0; j < n; j++)
            {
                double sum = 0;
                for (int p = 0; p < k; p++)
                {
                    float aValue = transposeA ? a[p * lda + i] : a[i * lda + p];
                    float bValue = transposeB ? b[j * ldb + p] : b[p * ldb + j];
                    sum += (double)aValue * bValue;
                }
                // beta == 0 overwrites C without reading it (BLAS convention: NaN already in C does not leak through).
                double previous = beta == 0f ? 0.0 : (double)beta * c[i * ldc + j];
                c[i * ldc + j] = (float)(alpha * sum + previous);
            }
        }
    }
}
