namespace Sluice.Kernels;

/// <summary>Chooses the GEMM path for a validated call (placeholder: row-by-row axpy until the packed kernel lands).</summary>
internal static class GemmDriver
{
    public static void Run(bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc, int threads)
    {
        _ = threads;
        for (int i = 0; i < m; i++)
        {
            Span<float> cRow = c.Slice(i * ldc, n);
            if (beta == 0f) cRow.Clear();
            else if (beta != 1f) Fused.Scale(beta, cRow);
            for (int p = 0; p < k; p++)
            {
                float aValue = alpha * (transposeA ? a[p * lda + i] : a[i * lda + p]);
                if (!transposeB)
                {
                    Fused.Axpy(aValue, b.Slice(p * ldb, n), cRow);
                }
                else
                {
                    for (int j = 0; j < n; j++) cRow[j] += aValue * b[j * ldb + p];
                }
            }
        }
    }
}
