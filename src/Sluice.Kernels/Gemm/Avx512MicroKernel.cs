using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Sluice.Kernels;

/// <summary>
/// 8×32 micro-kernel on <see cref="Vector512{T}"/>: 16 accumulators (two 16-lane vectors per row), per k step two
/// B loads and eight A broadcasts feeding sixteen FMAs, enough independent chains to keep both FMA ports busy.
/// </summary>
internal readonly unsafe struct Avx512MicroKernel : IMicroKernel
{
    public static int Rows => 8;
    public static int Columns => 32;

    /// <summary>How many rows of B ahead <see cref="RunCopyingB"/> prefetches: ~16 k steps (≈ 130 cycles) covers an L3 hit.</summary>
    private const int CopyPrefetchRows = 16;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run(int kc, float* a, nint aRowStride, nint aKStride, float* b, nint bKStride,
        float* c, nint ldc, int mr, float alpha, float beta)
        => Dispatch<WithoutBCopy>(kc, a, aRowStride, aKStride, b, bKStride, null, c, ldc, mr, alpha, beta);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RunCopyingB(int kc, float* a, nint aRowStride, nint aKStride, float* b, nint bKStride, float* bCopy,
        float* c, nint ldc, int mr, float alpha, float beta)
        => Dispatch<WithBCopy>(kc, a, aRowStride, aKStride, b, bKStride, bCopy, c, ldc, mr, alpha, beta);

    /// <summary>A full tile stored as it is (C = A·B, the first k block of nearly every call) gets its own
    /// instantiation: without the row clamping and the alpha/beta and per-row branches around the k loop, a
    /// 40×128×100 GEMM (100-step tiles) ran 3 % faster (same-process A/B).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Dispatch<TCopy>(int kc, float* a, nint aRowStride, nint aKStride, float* b, nint bKStride, float* bCopy,
        float* c, nint ldc, int mr, float alpha, float beta) where TCopy : IBCopy
    {
        if (mr == 8 && alpha == 1f && beta == 0f) Run<TCopy, FullTileStore>(kc, a, aRowStride, aKStride, b, bKStride, bCopy, c, ldc, 8, 1f, 0f);
        else Run<TCopy, AnyTileStore>(kc, a, aRowStride, aKStride, b, bKStride, bCopy, c, ldc, mr, alpha, beta);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run<TCopy, TStore>(int kc, float* a, nint aRowStride, nint aKStride, float* b, nint bKStride, float* bCopy,
        float* c, nint ldc, int mr, float alpha, float beta) where TCopy : IBCopy where TStore : ITileStore
    {
        float* a0 = a, a1, a2, a3, a4, a5, a6, a7;
        if (TStore.FullPlain || mr == 8)
        {
            // A full tile (nearly every call): consecutive rows, without the clamping below.
            a1 = a0 + aRowStride; a2 = a1 + aRowStride; a3 = a2 + aRowStride; a4 = a3 + aRowStride;
            a5 = a4 + aRowStride; a6 = a5 + aRowStride; a7 = a6 + aRowStride;
        }
        else
        {
            a1 = a + Math.Min(1, mr - 1) * aRowStride;
            a2 = a + Math.Min(2, mr - 1) * aRowStride;
            a3 = a + Math.Min(3, mr - 1) * aRowStride;
            a4 = a + Math.Min(4, mr - 1) * aRowStride;
            a5 = a + Math.Min(5, mr - 1) * aRowStride;
            a6 = a + Math.Min(6, mr - 1) * aRowStride;
            a7 = a + Math.Min(7, mr - 1) * aRowStride;
        }
        // Start fetching the C tile now: it is read (beta ≠ 0, every k block after the first) or written back after
        // the k loop, and on large problems its lines are in L3 or memory, which ended each long tile with a stall of
        // several hundred cycles (≈ 3 % of a 2048² GEMM). A short tile (small k) has C in cache already and would
        // only pay for the prefetches. Rows past mr are prefetched too: a prefetch never faults. Into L2, not L1: the
        // eight rows of a tile of a large C share one L1 set (their stride is a multiple of 4 KB) with eight lines of
        // the B micro-panel, and fetching them into L1 early evicted those (2048² +1–3 % in paired A/Bs).
        if (kc >= 128)
        {
            Sse.Prefetch1(c); Sse.Prefetch1(c + 16);
            Sse.Prefetch1(c + ldc); Sse.Prefetch1(c + ldc + 16);
            Sse.Prefetch1(c + 2 * ldc); Sse.Prefetch1(c + 2 * ldc + 16);
            Sse.Prefetch1(c + 3 * ldc); Sse.Prefetch1(c + 3 * ldc + 16);
            Sse.Prefetch1(c + 4 * ldc); Sse.Prefetch1(c + 4 * ldc + 16);
            Sse.Prefetch1(c + 5 * ldc); Sse.Prefetch1(c + 5 * ldc + 16);
            Sse.Prefetch1(c + 6 * ldc); Sse.Prefetch1(c + 6 * ldc + 16);
            Sse.Prefetch1(c + 7 * ldc); Sse.Prefetch1(c + 7 * ldc + 16);
        }
        Vector512<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default,
            c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default,
            c60 = default, c61 = default, c70 = default, c71 = default;
        nint offset = 0;
        // Counting down keeps kc out of the loop: with eight A row pointers, B, its stride, the A offset and stride the
        // loop needs 13 general registers, and one more made the JIT reload an A row pointer from the stack every step.
        for (nint remaining = kc; remaining > 0; remaining--)
        {
            Vector512<float> b0 = Vector512.Load(b);
            Vector512<float> b1 = Vector512.Load(b + 16);
            if (TCopy.Enabled)
            {
                // B is read in place here, one row of a large matrix per k step (a new page each time): fetch ahead.
                if (Sse.IsSupported)
                {
                    Sse.Prefetch0(b + CopyPrefetchRows * bKStride);
                    Sse.Prefetch0(b + CopyPrefetchRows * bKStride + 16);
                }
                b0.Store(bCopy); b1.Store(bCopy + 16);
                bCopy += 32;
            }
            b += bKStride;
            Vector512<float> x = Vector512.Create(a0[offset]);
            c00 = Vector512.FusedMultiplyAdd(x, b0, c00); c01 = Vector512.FusedMultiplyAdd(x, b1, c01);
            x = Vector512.Create(a1[offset]);
            c10 = Vector512.FusedMultiplyAdd(x, b0, c10); c11 = Vector512.FusedMultiplyAdd(x, b1, c11);
            x = Vector512.Create(a2[offset]);
            c20 = Vector512.FusedMultiplyAdd(x, b0, c20); c21 = Vector512.FusedMultiplyAdd(x, b1, c21);
            x = Vector512.Create(a3[offset]);
            c30 = Vector512.FusedMultiplyAdd(x, b0, c30); c31 = Vector512.FusedMultiplyAdd(x, b1, c31);
            x = Vector512.Create(a4[offset]);
            c40 = Vector512.FusedMultiplyAdd(x, b0, c40); c41 = Vector512.FusedMultiplyAdd(x, b1, c41);
            x = Vector512.Create(a5[offset]);
            c50 = Vector512.FusedMultiplyAdd(x, b0, c50); c51 = Vector512.FusedMultiplyAdd(x, b1, c51);
            x = Vector512.Create(a6[offset]);
            c60 = Vector512.FusedMultiplyAdd(x, b0, c60); c61 = Vector512.FusedMultiplyAdd(x, b1, c61);
            x = Vector512.Create(a7[offset]);
            c70 = Vector512.FusedMultiplyAdd(x, b0, c70); c71 = Vector512.FusedMultiplyAdd(x, b1, c71);
            offset += aKStride;
        }
        if (TStore.FullPlain)
        {
            c00.Store(c); c01.Store(c + 16); c10.Store(c + ldc); c11.Store(c + ldc + 16);
            c20.Store(c + 2 * ldc); c21.Store(c + 2 * ldc + 16); c30.Store(c + 3 * ldc); c31.Store(c + 3 * ldc + 16);
            c40.Store(c + 4 * ldc); c41.Store(c + 4 * ldc + 16); c50.Store(c + 5 * ldc); c51.Store(c + 5 * ldc + 16);
            c60.Store(c + 6 * ldc); c61.Store(c + 6 * ldc + 16); c70.Store(c + 7 * ldc); c71.Store(c + 7 * ldc + 16);
            return;
        }
        if (alpha == 1f && beta == 0f)
        {
            // C = A·B on a ragged tile: store the accumulators as they are (x·1 would give the same bits, a multiply later).
            c00.Store(c); c01.Store(c + 16);
            if (mr > 1) { c10.Store(c + ldc); c11.Store(c + ldc + 16); }
            if (mr > 2) { c20.Store(c + 2 * ldc); c21.Store(c + 2 * ldc + 16); }
            if (mr > 3) { c30.Store(c + 3 * ldc); c31.Store(c + 3 * ldc + 16); }
            if (mr > 4) { c40.Store(c + 4 * ldc); c41.Store(c + 4 * ldc + 16); }
            if (mr > 5) { c50.Store(c + 5 * ldc); c51.Store(c + 5 * ldc + 16); }
            if (mr > 6) { c60.Store(c + 6 * ldc); c61.Store(c + 6 * ldc + 16); }
            if (mr > 7) { c70.Store(c + 7 * ldc); c71.Store(c + 7 * ldc + 16); }
            return;
        }
        var va = Vector512.Create(alpha);
        var vb = Vector512.Create(beta);
        bool readC = beta != 0f;
        StoreRow(c, c00, c01, va, vb, readC);
        if (mr > 1) StoreRow(c + ldc, c10, c11, va, vb, readC);
        if (mr > 2) StoreRow(c + 2 * ldc, c20, c21, va, vb, readC);
        if (mr > 3) StoreRow(c + 3 * ldc, c30, c31, va, vb, readC);
        if (mr > 4) StoreRow(c + 4 * ldc, c40, c41, va, vb, readC);
        if (mr > 5) StoreRow(c + 5 * ldc, c50, c51, va, vb, readC);
        if (mr > 6) StoreRow(c + 6 * ldc, c60, c61, va, vb, readC);
        if (mr > 7) StoreRow(c + 7 * ldc, c70, c71, va, vb, readC);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(float* row, Vector512<float> lo, Vector512<float> hi, Vector512<float> alpha, Vector512<float> beta, bool readC)
    {
        if (readC)
        {
            Vector512.FusedMultiplyAdd(lo, alpha, Vector512.Load(row) * beta).Store(row);
            Vector512.FusedMultiplyAdd(hi, alpha, Vector512.Load(row + 16) * beta).Store(row + 16);
        }
        else
        {
            (lo * alpha).Store(row);
            (hi * alpha).Store(row + 16);
        }
    }
}
