namespace Sluice.Kernels;

/// <summary>
/// The cache-blocked GEMM loop nest around a micro-kernel (Goto/BLIS order): columns in NC blocks, k in KC blocks
/// (B packed once per block into KC×NR panels that stay in L2), rows in MC blocks; the innermost loops walk NR-wide
/// B panels (kept in L1) across MR-row slivers of A. Row-major A is read in place through strides (it is already
/// k-contiguous per row); transposed A is packed into MR-wide panels. Small m with a plain B reads B in place too,
/// since packing it would cost as much as the product.
/// </summary>
internal static unsafe class BlockedGemm<TKernel> where TKernel : IMicroKernel
{
    private const int KC = 256;
    private const int MC = 128;
    private const int NC = 1024;
    /// <summary>Up to this many rows a non-transposed B is read in place instead of packed.</summary>
    private const int InPlaceBRows = 16;

    /// <summary>Runs one part (a share of C's rows or columns) of the problem <paramref name="state"/> points to.</summary>
    public static void Part(int part, void* state)
    {
        ref GemmProblem g = ref *(GemmProblem*)state;
        int i0 = 0, i1 = g.M, j0 = 0, j1 = g.N;
        if (g.SplitColumns) (j0, j1) = g.Share(part, g.N, TKernel.Columns);
        else (i0, i1) = g.Share(part, g.M, TKernel.Rows);
        if (i0 < i1 && j0 < j1) Range(ref g, i0, i1, j0, j1);
    }

    private static void Range(ref GemmProblem g, int i0, int i1, int j0, int j1)
    {
        int mrMax = TKernel.Rows, nrMax = TKernel.Columns;
        bool packB = g.TransposeB || i1 - i0 > InPlaceBRows;
        float* tile = PackBuffer.Get(PackBuffer.Tile, mrMax * nrMax);
        for (int jc = j0; jc < j1; jc += NC)
        {
            int nc = Math.Min(NC, j1 - jc);
            int panels = (nc + nrMax - 1) / nrMax;
            for (int pc = 0; pc < g.K; pc += KC)
            {
                int kc = Math.Min(KC, g.K - pc);
                float beta = pc == 0 ? g.Beta : 1f; // later k blocks accumulate onto the first
                float* bPacked;
                if (packB)
                {
                    bPacked = PackBuffer.Get(PackBuffer.B, panels * kc * nrMax);
                    for (int panel = 0; panel < panels; panel++)
                        PackB(ref g, pc, kc, jc + panel * nrMax, Math.Min(nrMax, nc - panel * nrMax), bPacked + panel * kc * nrMax);
                }
                else
                {
                    // Only a ragged last panel is packed (reading it in place would run past the end of B).
                    bPacked = PackBuffer.Get(PackBuffer.B, kc * nrMax);
                    int lastWidth = nc - (panels - 1) * nrMax;
                    if (lastWidth < nrMax) PackB(ref g, pc, kc, jc + (panels - 1) * nrMax, lastWidth, bPacked);
                }

                for (int ic = i0; ic < i1; ic += MC)
                {
                    int mc = Math.Min(MC, i1 - ic);
                    float* aBlock;
                    nint aRowStride, aKStride, aPanelStride;
                    if (g.TransposeA)
                    {
                        aBlock = PackBuffer.Get(PackBuffer.A, (mc + mrMax - 1) / mrMax * mrMax * kc);
                        PackA(ref g, ic, mc, pc, kc, aBlock);
                        aRowStride = 1; aKStride = mrMax; aPanelStride = (nint)mrMax * kc;
                    }
                    else
                    {
                        aBlock = g.A + ic * g.Lda + pc;
                        aRowStride = g.Lda; aKStride = 1; aPanelStride = mrMax * g.Lda;
                    }

                    for (int jr = 0; jr < nc; jr += nrMax)
                    {
                        int nr = Math.Min(nrMax, nc - jr);
                        float* bPanel;
                        nint bKStride;
                        if (packB) { bPanel = bPacked + (jr / nrMax) * kc * nrMax; bKStride = nrMax; }
                        else if (nr == nrMax) { bPanel = g.B + pc * g.Ldb + jc + jr; bKStride = g.Ldb; }
                        else { bPanel = bPacked; bKStride = nrMax; }

                        float* aPanel = aBlock;
                        for (int ir = 0; ir < mc; ir += mrMax, aPanel += aPanelStride)
                        {
                            int mr = Math.Min(mrMax, mc - ir);
                            float* cTile = g.C + (ic + ir) * g.Ldc + jc + jr;
                            if (nr == nrMax)
                            {
                                TKernel.Run(kc, aPanel, aRowStride, aKStride, bPanel, bKStride, cTile, g.Ldc, mr, g.Alpha, beta);
                            }
                            else
                            {
                                TKernel.Run(kc, aPanel, aRowStride, aKStride, bPanel, bKStride, tile, nrMax, mr, 1f, 0f);
                                MergeTile(tile, nrMax, cTile, g.Ldc, mr, nr, g.Alpha, beta);
                            }
                        }
                    }
                }
            }
        }
    }

    /// <summary>Copies a kc×width slice of op(B) into one kc×NR panel (row p holds NR consecutive columns), zero-padded.</summary>
    private static void PackB(ref GemmProblem g, int pc, int kc, int j, int width, float* panel)
    {
        int nrMax = TKernel.Columns;
        if (!g.TransposeB)
        {
            float* source = g.B + pc * g.Ldb + j;
            for (int p = 0; p < kc; p++, source += g.Ldb, panel += nrMax)
            {
                new ReadOnlySpan<float>(source, width).CopyTo(new Span<float>(panel, width));
                if (width < nrMax) new Span<float>(panel + width, nrMax - width).Clear();
            }
            return;
        }
        // B is stored n×k: column j of op(B) is row j of B, contiguous in k. Transpose while packing.
        for (int col = 0; col < width; col++)
        {
            float* source = g.B + (j + col) * g.Ldb + pc;
            float* target = panel + col;
            for (int p = 0; p < kc; p++) target[p * nrMax] = source[p];
        }
        for (int col = width; col < nrMax; col++)
            for (int p = 0; p < kc; p++) panel[p * nrMax + col] = 0f;
    }

    /// <summary>Packs rows [ic, ic+mc) × k-range of op(A) = Aᵀ (A stored k×m) into MR-wide panels, k-major.</summary>
    private static void PackA(ref GemmProblem g, int ic, int mc, int pc, int kc, float* packed)
    {
        int mrMax = TKernel.Rows;
        for (int ir = 0; ir < mc; ir += mrMax)
        {
            int mr = Math.Min(mrMax, mc - ir);
            float* source = g.A + pc * g.Lda + ic + ir;
            float* panel = packed + ir * kc;
            for (int p = 0; p < kc; p++, source += g.Lda, panel += mrMax)
                new ReadOnlySpan<float>(source, mr).CopyTo(new Span<float>(panel, mr));
        }
    }

    /// <summary>C[r, j] = alpha·tile[r, j] + beta·C[r, j] for the valid part of an edge tile.</summary>
    private static void MergeTile(float* tile, int tileStride, float* c, nint ldc, int mr, int nr, float alpha, float beta)
    {
        for (int r = 0; r < mr; r++)
        {
            float* source = tile + r * tileStride;
            float* target = c + r * ldc;
            if (beta == 0f) for (int j = 0; j < nr; j++) target[j] = alpha * source[j];
            else for (int j = 0; j < nr; j++) target[j] = alpha * source[j] + beta * target[j];
        }
    }
}
