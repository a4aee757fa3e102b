using System.Runtime.Intrinsics;

namespace Sluice.Kernels;

/// <summary>
/// Chooses the GEMM path for a validated call: a GEMV for a single row or column of C, otherwise the blocked kernel
/// for the widest accelerated vector width; and how many threads the shape can use.
/// </summary>
internal static unsafe class GemmDriver
{
    /// <summary>Below this many flops a thread handoff (sub-microsecond to a spinning worker) costs more than it saves.</summary>
    private const double ParallelFlops = 2e6;

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
                A = pa, Lda = lda, B = pb, Ldb = ldb, C = pc, Ldc = ldc, Blocking = GemmBlocking.Current,
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
        if (flops < ParallelFlops || threads <= 1)
        {
            problem.Units = 1;
            problem.UnitSize = problem.N;
            problem.SplitColumns = true;
            threads = 1;
        }
        else
        {
            // Split C along the dimension whose strips duplicate the cheaper packing: a column strip packs (or reads)
            // all of A for its own columns of B, a row strip packs all of B for its own rows of A. So wide C splits by
            // columns (each thread packs only its own half of B, and at n ≥ 2·NC not even A is packed twice), tall C
            // by rows. Strips are whole micro-panels, so every tile is computed the same way whatever the split.
            int columnPanels = (problem.N + TKernel.Columns - 1) / TKernel.Columns;
            int rowPanels = (problem.M + TKernel.Rows - 1) / TKernel.Rows;
            problem.SplitColumns = columnPanels >= threads && (problem.N >= problem.M || rowPanels < threads);
            int panels = problem.SplitColumns ? columnPanels : rowPanels;
            int panelSize = problem.SplitColumns ? TKernel.Columns : TKernel.Rows;
            // One strip per thread: every extra strip repeats the packing of the other operand (all of A for a column
            // strip). Two per thread, so that one thread could cover for a preempted other, made 1024² and 2048² at
            // 2 threads 2–2.5 % slower on this machine (paired A/B in one process); a late worker's strip is still
            // taken by the caller (ParallelRunner), only as one piece.
            int units = threads;
            int panelsPerUnit = Math.Max(1, (panels + units - 1) / units);
            problem.UnitSize = panelsPerUnit * panelSize;
            problem.Units = (panels + panelsPerUnit - 1) / panelsPerUnit;
            threads = Math.Min(threads, problem.Units);
        }
        problem.NextUnit = 0;
        if (threads == 1)
        {
            BlockedGemm<TKernel>.Whole(ref problem); // one strip: all of C
            return;
        }
        fixed (GemmProblem* state = &problem)
            ParallelRunner.Run(threads, &BlockedGemm<TKernel>.Part, state);
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
