using System.Runtime.Intrinsics;

namespace Sluice.Kernels;

/// <summary>
/// The cache-blocked GEMM loop nest around a micro-kernel (Goto/BLIS style): columns in Nc blocks, k in Kc blocks
/// (B packed once per block into Kc×NR panels, each by the first tile that reads it), rows in Mc blocks (A packed
/// into MR-wide k-major panels); the innermost loops keep one Kc×NR B panel in L1 and stream the A slivers past it.
/// The block sizes come from <see cref="GemmBlocking.Current"/>. Packing is skipped
/// where it would cost as much as it saves: a plain (row-major) A is read in place through strides when C is narrow,
/// and a plain B is read in place when C has few rows.
/// </summary>
internal static unsafe class BlockedGemm<TKernel> where TKernel : IMicroKernel
{
    /// <summary>Up to this many rows of C a non-transposed B is read in place instead of packed.</summary>
    private const int InPlaceBRows = 64;
    /// <summary>Up to this many columns of C a non-transposed A is read in place instead of packed.</summary>
    private const int InPlaceAColumns = 128;

    /// <summary>One thread's share of the problem <paramref name="state"/> points to: strips of C until none are left.</summary>
    public static void Part(int part, void* state)
    {
        ref GemmProblem g = ref *(GemmProblem*)state;
        int unit;
        while ((unit = Interlocked.Increment(ref g.NextUnit) - 1) < g.Units)
        {
            int start = unit * g.UnitSize;
            if (g.SplitColumns) Range(ref g, 0, g.M, start, Math.Min(g.N, start + g.UnitSize));
            else Range(ref g, start, Math.Min(g.M, start + g.UnitSize), 0, g.N);
        }
    }

    /// <summary>All of C on the calling thread (no strip counter to take from).</summary>
    public static void Whole(ref GemmProblem g) => Range(ref g, 0, g.M, 0, g.N);

    private static void Range(ref GemmProblem g, int i0, int i1, int j0, int j1)
    {
        int mrMax = TKernel.Rows, nrMax = TKernel.Columns;
        // Only a small problem reads B in place: a short row strip of a larger problem shares B with the other strips,
        // and strided reads of B (a power-of-two row stride maps a panel onto a few cache sets) cost more than packing.
        bool packB = g.TransposeB || g.M > InPlaceBRows;
        // Row-major A is read in place only when its block is reused by few B panels: with many panels, packing pays
        // for itself and avoids the cache-set conflicts of power-of-two row strides.
        bool packA = g.TransposeA || j1 - j0 > InPlaceAColumns;
        // Thread-static scratch is fetched only when needed: on a 40×128×100 GEMM (≈ 4 µs) each fetch is ~0.1 %.
        // Only a strip's last panel can be ragged (GemmBlocking keeps Nc a multiple of every NR).
        float* tile = (j1 - j0) % nrMax == 0 ? null : PackBuffer.Get(PackBuffer.Tile, mrMax * nrMax);
        int KC = g.Blocking.Kc, MC = g.Blocking.Mc, NC = g.Blocking.Nc;
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
                    // A plain B's full panels are packed by the first tile that reads them (copyB below); a transposed
                    // B and a ragged last panel are packed here.
                    int packedHere = g.TransposeB ? 0 : nc / nrMax;
                    for (int panel = packedHere; panel < panels; panel++)
                        PackB(ref g, pc, kc, jc + panel * nrMax, Math.Min(nrMax, nc - panel * nrMax), bPacked + panel * kc * nrMax);
                }
                else
                {
                    // Only a ragged last panel is packed (reading it in place would run past the end of B).
                    bPacked = null;
                    int lastWidth = nc - (panels - 1) * nrMax;
                    if (lastWidth < nrMax)
                    {
                        bPacked = PackBuffer.Get(PackBuffer.B, kc * nrMax);
                        PackB(ref g, pc, kc, jc + (panels - 1) * nrMax, lastWidth, bPacked);
                    }
                }

                for (int ic = i0, mc; ic < i1; ic += mc)
                {
                    // A remainder shorter than Mc joins the block before it: a 40-row C swept as 32 + 8 rows read every
                    // B micro-panel twice (40×128×100: +0.8 % as one block, paired A/B).
                    mc = i1 - ic < 2 * MC ? i1 - ic : MC;
                    float* aBlock;
                    nint aRowStride, aKStride, aPanelStride;
                    if (packA)
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

                    // BLIS order: one B micro-panel (kc×NR, ≤ 32 KB) stays in L1 while the A slivers stream past it from
                    // L2. Per tile that moves an 8×kc A sliver (8 KB) from L2 instead of a kc×32 B panel (32 KB): with
                    // the A sliver kept in L1 instead, the B block's 4× larger stream from L2 made 512–1024 shapes 3–5 %
                    // slower (paired A/B in one process).
                    // The first sweep of the strip packs each full B micro-panel as its first tile reads it from B: the
                    // copy is a store beside each load the tile makes anyway, and the panel is then in L1 for the rest of
                    // the sweep. A separate packing pass read all of B once more, with its latency exposed: 4 % of a
                    // 256×1024×512 GEMM; fused, 1–4 % faster on the 256–512 shapes (paired A/B in one process).
                    bool copyB = packB && !g.TransposeB && ic == i0;
                    for (int jr = 0; jr < nc; jr += nrMax)
                    {
                        float* aPanel = aBlock;
                        for (int ir = 0; ir < mc; ir += mrMax, aPanel += aPanelStride)
                            Tile(ref g, kc, aPanel, aRowStride, aKStride, packB, copyB && ir == 0, bPacked, pc, jc, jr, nc, ic + ir, Math.Min(mrMax, mc - ir), beta, tile);
                    }
                }
            }
        }
    }

    /// <summary>One MR×NR tile of C at row i, column jc + jr: straight into C, or through the edge tile when ragged.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    private static void Tile(ref GemmProblem g, int kc, float* aPanel, nint aRowStride, nint aKStride, bool packB, bool copyB,
        float* bPacked, int pc, int jc, int jr, int nc, int i, int mr, float beta, float* tile)
    {
        int nrMax = TKernel.Columns;
        int nr = Math.Min(nrMax, nc - jr);
        float* bPanel;
        nint bKStride;
        if (packB) { bPanel = bPacked + (jr / nrMax) * kc * nrMax; bKStride = nrMax; }
        else if (nr == nrMax) { bPanel = g.B + pc * g.Ldb + jc + jr; bKStride = g.Ldb; }
        else { bPanel = bPacked; bKStride = nrMax; }
        float* cTile = g.C + i * g.Ldc + jc + jr;
        if (copyB && nr == nrMax)
        {
            TKernel.RunCopyingB(kc, aPanel, aRowStride, aKStride, g.B + pc * g.Ldb + jc + jr, g.Ldb, bPanel, cTile, g.Ldc, mr, g.Alpha, beta);
        }
        else if (nr == nrMax)
        {
            TKernel.Run(kc, aPanel, aRowStride, aKStride, bPanel, bKStride, cTile, g.Ldc, mr, g.Alpha, beta);
        }
        else
        {
            TKernel.Run(kc, aPanel, aRowStride, aKStride, bPanel, bKStride, tile, nrMax, mr, 1f, 0f);
            MergeTile(tile, nrMax, cTile, g.Ldc, mr, nr, g.Alpha, beta);
        }
    }

    /// <summary>Copies a kc×width slice of op(B) into one kc×NR panel (row p holds NR consecutive columns), zero-padded.</summary>
    private static void PackB(ref GemmProblem g, int pc, int kc, int j, int width, float* panel)
    {
        int nrMax = TKernel.Columns;
        if (!g.TransposeB)
        {
            float* source = g.B + pc * g.Ldb + j;
            if (width == 32 && nrMax == 32 && Vector512.IsHardwareAccelerated)
            {
                for (int p = 0; p < kc; p++, source += g.Ldb, panel += 32)
                {
                    Vector512.Load(source).Store(panel);
                    Vector512.Load(source + 16).Store(panel + 16);
                }
                return;
            }
            for (int p = 0; p < kc; p++, source += g.Ldb, panel += nrMax)
            {
                for (int col = 0; col < width; col++) panel[col] = source[col];
                for (int col = width; col < nrMax; col++) panel[col] = 0f;
            }
            return;
        }
        // B is stored n×k: column j of op(B) is row j of B, contiguous in k. Transpose 8×8 blocks while packing.
        int fullRows = 0;
        if (Transpose8x8.IsSupported && nrMax % 8 == 0)
        {
            int p8 = kc & ~7;
            for (; fullRows + 8 <= width; fullRows += 8)
            {
                float* source = g.B + (j + fullRows) * g.Ldb + pc;
                for (int p = 0; p < p8; p += 8)
                    Transpose8x8.Run(source + p, g.Ldb, panel + p * nrMax + fullRows, nrMax);
                for (int p = p8; p < kc; p++)
                    for (int col = 0; col < 8; col++) panel[p * nrMax + fullRows + col] = source[col * g.Ldb + p];
            }
        }
        for (int col = fullRows; col < width; col++)
        {
            float* source = g.B + (j + col) * g.Ldb + pc;
            for (int p = 0; p < kc; p++) panel[p * nrMax + col] = source[p];
        }
        for (int col = width; col < nrMax; col++)
            for (int p = 0; p < kc; p++) panel[p * nrMax + col] = 0f;
    }

    /// <summary>Packs rows [ic, ic+mc) × k-range of op(A) into MR-wide panels, k-major (panel[p·MR + r] = op(A)[r, p]).
    /// Rows of a ragged last panel past mc are left unwritten: the micro-kernel never reads them.</summary>
    private static void PackA(ref GemmProblem g, int ic, int mc, int pc, int kc, float* packed)
    {
        int mrMax = TKernel.Rows;
        for (int ir = 0; ir < mc; ir += mrMax)
        {
            int mr = Math.Min(mrMax, mc - ir);
            float* panel = packed + ir * kc;
            if (g.TransposeA)
            {
                // A is stored k×m: each k step of a panel is mr consecutive floats of one row of A.
                float* source = g.A + pc * g.Lda + ic + ir;
                if (mr == 8 && mrMax == 8 && Vector256.IsHardwareAccelerated)
                {
                    for (int p = 0; p < kc; p++, source += g.Lda) Vector256.Load(source).Store(panel + p * 8);
                }
                else
                {
                    for (int p = 0; p < kc; p++, source += g.Lda)
                        for (int r = 0; r < mr; r++) panel[p * mrMax + r] = source[r];
                }
            }
            else
            {
                float* source = g.A + (ic + ir) * g.Lda + pc;
                int p = 0;
                if (mr == 8 && mrMax == 8 && Transpose8x8.IsSupported)
                    for (; p + 8 <= kc; p += 8) Transpose8x8.Run(source + p, g.Lda, panel + p * 8, 8);
                for (; p < kc; p++)
                    for (int r = 0; r < mr; r++) panel[p * mrMax + r] = source[r * g.Lda + p];
            }
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
