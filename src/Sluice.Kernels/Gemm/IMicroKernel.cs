namespace Sluice.Kernels;

/// <summary>
/// A register-blocked GEMM micro-kernel computing one Rows×Columns tile of C:
/// <c>acc[r, j] = Σ_{p &lt; kc} A(r, p)·B(p, j)</c> with <c>A(r, p) = a[min(r, mr-1)·aRowStride + p·aKStride]</c> and
/// <c>B(p, j) = b[p·bKStride + j]</c>, then <c>C[r, j] = alpha·acc + beta·C[r, j]</c> for r &lt; mr and all j &lt; Columns
/// (beta 0: C is not read). The strides let one kernel read A packed, row-major or transposed, and B packed or
/// straight from a row-major matrix. Rows past mr repeat row mr-1, so nothing outside A is read.
/// </summary>
internal unsafe interface IMicroKernel
{
    static abstract int Rows { get; }
    static abstract int Columns { get; }
    static abstract void Run(int kc, float* a, nint aRowStride, nint aKStride, float* b, nint bKStride,
        float* c, nint ldc, int mr, float alpha, float beta);

    /// <summary><see cref="Run"/>, also copying each row of B it reads (Columns floats per k step) to consecutive rows
    /// of <paramref name="bCopy"/>: the first tile to read a B micro-panel packs it, so packing B costs a store per
    /// load instead of a separate pass that reads B once more.</summary>
    static abstract void RunCopyingB(int kc, float* a, nint aRowStride, nint aKStride, float* b, nint bKStride, float* bCopy,
        float* c, nint ldc, int mr, float alpha, float beta);
}
