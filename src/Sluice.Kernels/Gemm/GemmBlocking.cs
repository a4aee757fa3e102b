namespace Sluice.Kernels;

/// <summary>
/// Cache block sizes of the blocked GEMM. Kc is the depth of a packed B micro-panel (Kc×32 floats, read by every A
/// sliver of a sweep), Mc the height of one sweep of C tiles down that micro-panel (its Mc×Kc packed A block stays in
/// L2), Nc the width of a packed Kc×Nc B block (in L3). Every value keeps whole micro-kernel tiles.
/// Measured on this project's machine (Zen 5: 48 KB L1d, 1 MB L2, 32 MB L3 shared with other tenants), paired A/Bs
/// in one process: from (256, 64, 1024), Kc 512 made 512²–2048² and 256×1024×512 2–3 % faster at 1 thread and 4–10 %
/// at 2 threads, although its 64 KB micro-panel no longer fits L1 (the L2 streams it well): half the k blocks is half
/// the passes over C, and every tile's fixed cost is spread over twice the work. From (512, 64, 2048), (1024, 32, 1024)
/// made 1024² and 2048² another 2–2.5 % faster at 1 and 2 threads (shapes with k ≤ 512 within ±0.5 %); Kc 2048, Mc 16–64
/// and Nc 512–2048 were no better. A Kc×Nc B block is then 4 MB, an Mc×Kc A block 128 KB. On another CPU, compare
/// candidates with the `gemm-blocking` bench suite (paired A/Bs in one process) before changing these.
/// </summary>
internal readonly record struct GemmBlocking
{
    /// <summary>Checks the invariants the loop nest relies on: Nc a multiple of the widest NR (32), so that every
    /// column block but a strip's last holds whole micro-panels of every kernel and only that last panel can be ragged;
    /// Mc a multiple of 8, so that row blocks hold whole AVX-512 slivers.</summary>
    public GemmBlocking(int kc, int mc, int nc)
    {
        if (kc <= 0 || mc <= 0 || nc <= 0 || mc % 8 != 0 || nc % EdgeRounding != 0)
            throw new ArgumentException(
                $"GEMM block sizes (Kc {kc}, Mc {mc}, Nc {nc}) need Kc > 0, Mc a positive multiple of 8 and Nc a positive multiple of {EdgeRounding}.");
        Kc = kc;
        Mc = mc;
        Nc = nc;
    }

    public int Kc { get; }
    public int Mc { get; }
    public int Nc { get; }

    /// <summary>The block sizes every call uses (a benchmark may swap them to compare blockings in one process).</summary>
    public static GemmBlocking Current { get; set; } = new(1024, 32, 1024);

    /// <summary>Room for the widest micro-kernel's rounding of a block edge (NR or MR of the largest kernel).</summary>
    public const int EdgeRounding = 32;
}
