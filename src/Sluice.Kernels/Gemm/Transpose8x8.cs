using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Sluice.Kernels;

/// <summary>
/// Transposes an 8×8 float block with AVX shuffles (24 instructions, no scalar traffic): the core of packing
/// row-major A and transposed B into k-major panels.
/// </summary>
internal static unsafe class Transpose8x8
{
    public static bool IsSupported => Avx.IsSupported;

    /// <summary>dst[c·dstStride + r] = src[r·srcStride + c] for r, c in 0..8.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Run(float* src, nint srcStride, float* dst, nint dstStride)
    {
        Vector256<float> r0 = Avx.LoadVector256(src), r1 = Avx.LoadVector256(src + srcStride);
        Vector256<float> r2 = Avx.LoadVector256(src + 2 * srcStride), r3 = Avx.LoadVector256(src + 3 * srcStride);
        Vector256<float> r4 = Avx.LoadVector256(src + 4 * srcStride), r5 = Avx.LoadVector256(src + 5 * srcStride);
        Vector256<float> r6 = Avx.LoadVector256(src + 6 * srcStride), r7 = Avx.LoadVector256(src + 7 * srcStride);

        // Interleave pairs of rows: t0 = a0 b0 a1 b1 | a4 b4 a5 b5, t1 = a2 b2 a3 b3 | a6 b6 a7 b7, ...
        Vector256<float> t0 = Avx.UnpackLow(r0, r1), t1 = Avx.UnpackHigh(r0, r1);
        Vector256<float> t2 = Avx.UnpackLow(r2, r3), t3 = Avx.UnpackHigh(r2, r3);
        Vector256<float> t4 = Avx.UnpackLow(r4, r5), t5 = Avx.UnpackHigh(r4, r5);
        Vector256<float> t6 = Avx.UnpackLow(r6, r7), t7 = Avx.UnpackHigh(r6, r7);

        // Gather four rows per column within each 128-bit lane: s0 = a0 b0 c0 d0 | a4 b4 c4 d4, ...
        Vector256<float> s0 = Avx.Shuffle(t0, t2, 0x44), s1 = Avx.Shuffle(t0, t2, 0xEE);
        Vector256<float> s2 = Avx.Shuffle(t1, t3, 0x44), s3 = Avx.Shuffle(t1, t3, 0xEE);
        Vector256<float> s4 = Avx.Shuffle(t4, t6, 0x44), s5 = Avx.Shuffle(t4, t6, 0xEE);
        Vector256<float> s6 = Avx.Shuffle(t5, t7, 0x44), s7 = Avx.Shuffle(t5, t7, 0xEE);

        // Join the lanes of rows 0-3 and 4-7: column c of the block.
        Avx.Store(dst, Avx.Permute2x128(s0, s4, 0x20));
        Avx.Store(dst + dstStride, Avx.Permute2x128(s1, s5, 0x20));
        Avx.Store(dst + 2 * dstStride, Avx.Permute2x128(s2, s6, 0x20));
        Avx.Store(dst + 3 * dstStride, Avx.Permute2x128(s3, s7, 0x20));
        Avx.Store(dst + 4 * dstStride, Avx.Permute2x128(s0, s4, 0x31));
        Avx.Store(dst + 5 * dstStride, Avx.Permute2x128(s1, s5, 0x31));
        Avx.Store(dst + 6 * dstStride, Avx.Permute2x128(s2, s6, 0x31));
        Avx.Store(dst + 7 * dstStride, Avx.Permute2x128(s3, s7, 0x31));
    }
}
