namespace Sluice.Kernels;

/// <summary>
/// Cache block sizes of the blocked GEMM, for a core with 48 KB L1d and 2 MB L2 (Sapphire Rapids): a KC×32 B
/// micro-panel (32 KB) stays in L1 while 8×KC A slivers stream past it, a KC×NC packed B block (1 MB) and an MC×KC
/// packed A block (64 KB) stay in L2. MC is also the height of one sweep of C tiles down a B micro-panel: every row of
/// a large C is its own 4 KB page, and a 64-row sweep touches half the pages a 128-row one did (2048² +2.6 % in a
/// paired A/B, other shapes ±1 %; 256 rows was −4 %). KC 128–320 and NC 512–2048 measured within ±2 %.
/// </summary>
internal static class GemmBlocking
{
    public const int KC = 256;
    public const int MC = 64;
    public const int NC = 1024;

    /// <summary>Room for the widest micro-kernel's rounding of a block edge (NR or MR of the largest kernel).</summary>
    public const int EdgeRounding = 32;
}
