using System.Numerics;
using System.Runtime.InteropServices;

namespace Sluice.Learning.Optimizers;

/// <summary>
/// Views a float span as SIMD vectors (the whole-vector prefix; the caller finishes the tail with the scalar rule).
/// The vector loops use only add, subtract, multiply, divide and square root — all correctly rounded and never
/// fused — so they give bit-for-bit the scalar rule's results, and dense and sparse updates agree exactly.
/// </summary>
internal static class Lanes
{
    public static int Width => Vector<float>.Count;

    public static Span<Vector<float>> Of(Span<float> values) => MemoryMarshal.Cast<float, Vector<float>>(values);

    public static ReadOnlySpan<Vector<float>> Of(ReadOnlySpan<float> values) => MemoryMarshal.Cast<float, Vector<float>>(values);
}
