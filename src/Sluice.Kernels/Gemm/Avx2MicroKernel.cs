using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Sluice.Kernels;

/// <summary>6×16 micro-kernel on <see cref="Vector256{T}"/> for CPUs without 512-bit vectors: 12 accumulators fit
/// the 16 ymm registers with room for two B vectors and a broadcast.</summary>
internal readonly unsafe struct Avx2MicroKernel : IMicroKernel
{
    public static int Rows => 6;
    public static int Columns => 16;

    /// <summary>How many rows of B ahead <see cref="RunCopyingB"/> prefetches: ~16 k steps (≈ 130 cycles) covers an L3 hit.</summary>
    private const int CopyPrefetchRows = 16;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run(int kc, float* a, nint aRowStride, nint aKStride, float* b, nint bKStride,
        float* c, nint ldc, int mr, float alpha, float beta)
        => Run<WithoutBCopy>(kc, a, aRowStride, aKStride, b, bKStride, null, c, ldc, mr, alpha, beta);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void RunCopyingB(int kc, float* a, nint aRowStride, nint aKStride, float* b, nint bKStride, float* bCopy,
        float* c, nint ldc, int mr, float alpha, float beta)
        => Run<WithBCopy>(kc, a, aRowStride, aKStride, b, bKStride, bCopy, c, ldc, mr, alpha, beta);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Run<TCopy>(int kc, float* a, nint aRowStride, nint aKStride, float* b, nint bKStride, float* bCopy,
        float* c, nint ldc, int mr, float alpha, float beta) where TCopy : IBCopy
    {
        float* a0 = a;
        float* a1 = a + Math.Min(1, mr - 1) * aRowStride;
        float* a2 = a + Math.Min(2, mr - 1) * aRowStride;
        float* a3 = a + Math.Min(3, mr - 1) * aRowStride;
        float* a4 = a + Math.Min(4, mr - 1) * aRowStride;
        float* a5 = a + Math.Min(5, mr - 1) * aRowStride;
        Vector256<float> c00 = default, c01 = default, c10 = default, c11 = default, c20 = default, c21 = default,
            c30 = default, c31 = default, c40 = default, c41 = default, c50 = default, c51 = default;
        nint offset = 0;
        for (int p = 0; p < kc; p++)
        {
            Vector256<float> b0 = Vector256.Load(b);
            Vector256<float> b1 = Vector256.Load(b + 8);
            if (TCopy.Enabled)
            {
                // B is read in place here, one row of a large matrix per k step (a new page each time): fetch ahead.
                if (Sse.IsSupported)
                {
                    Sse.Prefetch0(b + CopyPrefetchRows * bKStride);
                    Sse.Prefetch0(b + CopyPrefetchRows * bKStride + 15);
                }
                b0.Store(bCopy); b1.Store(bCopy + 8);
                bCopy += 16;
            }
            b += bKStride;
            Vector256<float> x = Vector256.Create(a0[offset]);
            c00 = Vector256.FusedMultiplyAdd(x, b0, c00); c01 = Vector256.FusedMultiplyAdd(x, b1, c01);
            x = Vector256.Create(a1[offset]);
            c10 = Vector256.FusedMultiplyAdd(x, b0, c10); c11 = Vector256.FusedMultiplyAdd(x, b1, c11);
            x = Vector256.Create(a2[offset]);
            c20 = Vector256.FusedMultiplyAdd(x, b0, c20); c21 = Vector256.FusedMultiplyAdd(x, b1, c21);
            x = Vector256.Create(a3[offset]);
            c30 = Vector256.FusedMultiplyAdd(x, b0, c30); c31 = Vector256.FusedMultiplyAdd(x, b1, c31);
            x = Vector256.Create(a4[offset]);
            c40 = Vector256.FusedMultiplyAdd(x, b0, c40); c41 = Vector256.FusedMultiplyAdd(x, b1, c41);
            x = Vector256.Create(a5[offset]);
            c50 = Vector256.FusedMultiplyAdd(x, b0, c50); c51 = Vector256.FusedMultiplyAdd(x, b1, c51);
            offset += aKStride;
        }
        var va = Vector256.Create(alpha);
        var vb = Vector256.Create(beta);
        bool readC = beta != 0f;
        StoreRow(c, c00, c01, va, vb, readC);
        if (mr > 1) StoreRow(c + ldc, c10, c11, va, vb, readC);
        if (mr > 2) StoreRow(c + 2 * ldc, c20, c21, va, vb, readC);
        if (mr > 3) StoreRow(c + 3 * ldc, c30, c31, va, vb, readC);
        if (mr > 4) StoreRow(c + 4 * ldc, c40, c41, va, vb, readC);
        if (mr > 5) StoreRow(c + 5 * ldc, c50, c51, va, vb, readC);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void StoreRow(float* row, Vector256<float> lo, Vector256<float> hi, Vector256<float> alpha, Vector256<float> beta, bool readC)
    {
        if (readC)
        {
            Vector256.FusedMultiplyAdd(lo, alpha, Vector256.Load(row) * beta).Store(row);
            Vector256.FusedMultiplyAdd(hi, alpha, Vector256.Load(row + 8) * beta).Store(row + 8);
        }
        else
        {
            (lo * alpha).Store(row);
            (hi * alpha).Store(row + 8);
        }
    }
}
