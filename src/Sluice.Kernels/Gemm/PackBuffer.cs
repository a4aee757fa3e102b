namespace Sluice.Kernels;

/// <summary>
/// Per-thread scratch for packed panels: pinned, 64-byte aligned, grown on demand and then reused, so a GEMM call
/// allocates nothing once its thread has seen a shape at least as large. Each thread owns separate slots.
/// </summary>
internal static unsafe class PackBuffer
{
    public const int B = 0;     // packed KC×NC block of B
    public const int A = 1;     // packed MC×KC block of A (transposed A only)
    public const int Tile = 2;  // one MR×NR edge tile
    public const int Vector = 3; // a contiguous copy of a strided GEMV operand
    public const int Result = 4; // a contiguous GEMV result before it is scattered to a strided C column
    private const int Slots = 5;

    // The B and A slots start at the largest block BlockedGemm packs, so which strips a thread happens to take in a
    // 2-thread split (a race) can never make a later call grow the buffer: the zero-allocation promise holds for every
    // interleaving, not only the ones a warm-up saw.
    private static int FirstSize(int slot)
    {
        GemmBlocking blocking = GemmBlocking.Current;
        return slot switch
        {
            B => blocking.Kc * (blocking.Nc + GemmBlocking.EdgeRounding),
            A => (2 * blocking.Mc + GemmBlocking.EdgeRounding) * blocking.Kc, // a block takes a remainder below Mc
            _ => 0,
        };
    }

    [ThreadStatic] private static float[]?[]? arrays;
    [ThreadStatic] private static nint[]? aligned;

    /// <summary>A 64-byte aligned scratch area of at least <paramref name="floats"/> floats in the given slot.</summary>
    public static float* Get(int slot, int floats)
    {
        arrays ??= new float[Slots][];
        aligned ??= new nint[Slots];
        float[]? array = arrays[slot];
        if (array is null || array.Length < floats + 16)
        {
            // Round up so slowly growing shapes do not reallocate on every call.
            int size = Math.Max(Math.Max(floats + 16, (array?.Length ?? 0) * 3 / 2), FirstSize(slot) + 16);
            array = GC.AllocateUninitializedArray<float>(size, pinned: true);
            arrays[slot] = array;
            fixed (float* start = array)
                aligned[slot] = ((nint)start + 63) & ~(nint)63;
        }
        return (float*)aligned[slot];
    }
}
