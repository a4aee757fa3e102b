namespace Sluice.Kernels;

/// <summary>
/// Cache block sizes of the blocked GEMM. Kc is the depth of a packed B micro-panel (Kc×32 floats stays in L1 while
/// the A slivers stream past it), Mc the height of one sweep of C tiles down that micro-panel (its Mc×Kc packed A
/// block stays in L2), Nc the width of a packed Kc×Nc B block. Every value keeps whole micro-kernel tiles.
/// </summary>
internal readonly record struct GemmBlocking(int Kc, int Mc, int Nc)
{
    /// <summary>The block sizes every call uses (a benchmark may swap them to compare blockings in one process).</summary>
    public static GemmBlocking Current { get; set; } = new(256, 64, 1024);

    /// <summary>Room for the widest micro-kernel's rounding of a block edge (NR or MR of the largest kernel).</summary>
    public const int EdgeRounding = 32;
}
