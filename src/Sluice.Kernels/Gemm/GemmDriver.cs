using System.Runtime.Intrinsics;

namespace Sluice.Kernels;

/// <summary>
/// Chooses the GEMM path for a validated call: a GEMV for a single row or column of C, otherwise the blocked kernel
/// for the widest accelerated vector width; and how many threads the shape can use.
/// </summary>
internal static unsafe class GemmDriver
{
    /// <summary>Below this many flops a thread handoff costs more than it saves.</summary>
    private const double ParallelFlops = 3e6;

    public static void Run(bool transposeA, bool transposeB, int m, int n, int k, float alpha,
        ReadOnlySpan<float> a, int lda, ReadOnlySpan<float> b, int ldb, float beta, Span<float> c, int ldc, int threads)
    {
        if (k == 0 || alpha == 0f)
        {
            ScaleC(c, m, n, ldc, beta);
            return;
        }
        fixed (float* pa = a, pb = b, pc = c)
        {
            var problem = new GemmProblem
            {
                TransposeA = transposeA, TransposeB = transposeB, M = m, N = n, K = k, Alpha = alpha, Beta = beta,
                A = pa, Lda = lda, B = pb, Ldb = ldb, C = pc, Ldc = ldc,
            };
            if (m == 1 || n == 1)
            {
                Gemv.Run(ref problem, threads);
            }
            else if (Vector512.IsHardwareAccelerated)
            {
                RunBlocked<Avx512MicroKernel>(ref problem, threads);
            }
            else if (Vector256.IsHardwareAccelerated)
            {
                RunBlocked<Avx2MicroKernel>(ref problem, threads);
            }
            else
            {
                RunBlocked<ScalarMicroKernel>(ref problem, threads);
            }
        }
    }

    private static void RunBlocked<TKernel>(ref GemmProblem problem, int threads) where TKernel : IMicroKernel
    {
        double flops = 2.0 * problem.M * problem.N * problem.K;
        int columnPanels = (problem.N + TKernel.Columns - 1) / TKernel.Columns;
        int rowPanels = (problem.M + TKernel.Rows - 1) / TKernel.Rows;
        // Split C by columns when there are enough column panels: each thread then packs only its own B panels
        // and no A is duplicated. Tall, narrow C splits by rows instead.
        problem.SplitColumns = columnPanels >= 2 * threads || columnPanels >= rowPanels;
        int maxParts = problem.SplitColumns ? columnPanels : rowPanels;
        problem.Parts = flops < ParallelFlops ? 1 : Math.Clamp(threads, 1, maxParts);
        fixed (GemmProblem* state = &problem)
        {
            if (problem.Parts == 1) BlockedGemm<TKernel>.Part(0, state);
            else ParallelRunner.Run(problem.Parts, &BlockedGemm<TKernel>.Part, state);
        }
    }

    /// <summary>C = beta·C (beta 0 clears C without reading it).</summary>
    private static void ScaleC(Span<float> c, int m, int n, int ldc, float beta)
    {
        if (beta == 1f) return;
        for (int i = 0; i < m; i++)
        {
            Span<float> row = c.Slice(i * ldc, n);
            if (beta == 0f) row.Clear();
            else Fused.Scale(beta, row);
        }
    }
}
