namespace Sluice.Kernels;

/// <summary>
/// Cache block sizes of the blocked GEMM, for a core with 48 KB L1d and 2 MB L2 (Sapphire Rapids): an 8×KC A sliver
/// (8 KB) stays in L1, a KC×NC packed B block (1 MB) and an MC×KC packed A block (128 KB) stay in L2.
/// </summary>
internal static class GemmBlocking
{
    public const int KC = 256;
    public const int MC = 128;
    public const int NC = 1024;

    /// <summary>Room for the widest micro-kernel's rounding of a block edge (NR or MR of the largest kernel).</summary>
    public const int EdgeRounding = 32;
}
