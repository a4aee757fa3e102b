namespace Sluice.Benchmarks.Gemm;

/// <summary>
/// Random operands for a shape (the same values in the Sluice and OpenBLAS processes), placed at a chosen distance
/// from a 64-byte boundary. A plain <c>new float[]</c> lands at whatever 8-byte position the heap gives it, and a
/// kernel that reads B in place (small batches) runs ~12% slower when B's rows split cache lines, so an unpinned
/// array made the ratio depend on which process happened to get an aligned heap address. Every array here starts
/// <c>misalign</c> floats past a 64-byte boundary (0: aligned), in both processes.
/// </summary>
internal sealed class GemmOperands
{
    private readonly float[] a, b, c;
    private readonly int offsetA, offsetB, offsetC;

    private GemmOperands(GemmShape shape, int misalign)
    {
        var random = new Random(42);
        (a, offsetA) = Place(shape.M * shape.K, misalign);
        (b, offsetB) = Place(shape.K * shape.N, misalign);
        (c, offsetC) = Place(shape.M * shape.N, misalign);
        Span<float> aValues = A, bValues = B;
        for (int i = 0; i < aValues.Length; i++) aValues[i] = random.NextSingle() - 0.5f;
        for (int i = 0; i < bValues.Length; i++) bValues[i] = random.NextSingle() - 0.5f;
    }

    public Span<float> A => a.AsSpan(offsetA, a.Length - 32);
    public Span<float> B => b.AsSpan(offsetB, b.Length - 32);
    public Span<float> C => c.AsSpan(offsetC, c.Length - 32);

    public static GemmOperands Create(GemmShape shape, int misalign) => new(shape, misalign);

    /// <summary>A pinned array with room for <paramref name="length"/> floats starting <paramref name="misalign"/>
    /// floats past a 64-byte boundary.</summary>
    private static unsafe (float[] Array, int Offset) Place(int length, int misalign)
    {
        float[] array = GC.AllocateArray<float>(length + 32, pinned: true);
        fixed (float* start = array)
        {
            int floatsPastBoundary = (int)(((nint)start & 63) / sizeof(float));
            return (array, (16 - floatsPastBoundary + misalign) % 16);
        }
    }
}
