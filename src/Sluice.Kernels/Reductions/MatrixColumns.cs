namespace Sluice.Kernels;

/// <summary>Per-column reductions of a row-major (rows, cols) matrix (one result per column), e.g. a bias gradient.</summary>
public static class MatrixColumns
{
    /// <summary>dst[c] = Σ_r x[r, c]</summary><param name="x">(rows, cols)</param><param name="dst">(cols)</param>
    public static void Sum(ReadOnlySpan<float> x, int rows, int cols, Span<float> dst)
    {
        CheckColumnResult(x.Length, rows, cols, dst.Length);
        // Walk rows in memory order and accumulate whole rows into dst: contiguous, vectorised.
        dst.Clear();
        for (int r = 0; r < rows; r++) Elementwise.Binary<BinaryOps.Add>(dst, x.Slice(r * cols, cols), dst);
    }

    /// <summary>dst[c] = max_r x[r, c] (-∞ when rows is 0)</summary><param name="x">(rows, cols)</param><param name="dst">(cols)</param>
    public static void Max(ReadOnlySpan<float> x, int rows, int cols, Span<float> dst)
    {
        CheckColumnResult(x.Length, rows, cols, dst.Length);
        dst.Fill(float.NegativeInfinity);
        for (int r = 0; r < rows; r++) Elementwise.Binary<BinaryOps.Maximum>(dst, x.Slice(r * cols, cols), dst);
    }

    /// <summary>dst[c] = min_r x[r, c] (+∞ when rows is 0)</summary><param name="x">(rows, cols)</param><param name="dst">(cols)</param>
    public static void Min(ReadOnlySpan<float> x, int rows, int cols, Span<float> dst)
    {
        CheckColumnResult(x.Length, rows, cols, dst.Length);
        dst.Fill(float.PositiveInfinity);
        for (int r = 0; r < rows; r++) Elementwise.Binary<BinaryOps.Minimum>(dst, x.Slice(r * cols, cols), dst);
    }

    private static void CheckColumnResult(int length, int rows, int cols, int dstLength)
    {
        Check.Matrix(length, rows, cols, "x");
        Check.SameLength(cols, dstLength, "dst");
    }
}
