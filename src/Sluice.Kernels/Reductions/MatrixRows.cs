namespace Sluice.Kernels;

/// <summary>Per-row reductions and normalisations of a row-major (rows, cols) matrix: one result per row.</summary>
public static class MatrixRows
{
    /// <summary>dst[r] = Σ_c x[r, c]</summary><param name="x">(rows, cols)</param><param name="dst">(rows)</param>
    public static void Sum(ReadOnlySpan<float> x, int rows, int cols, Span<float> dst)
    {
        CheckRowResult(x.Length, rows, cols, dst.Length);
        for (int r = 0; r < rows; r++) dst[r] = Reduce.Sum(x.Slice(r * cols, cols));
    }

    /// <summary>dst[r] = max_c x[r, c]</summary><param name="x">(rows, cols)</param><param name="dst">(rows)</param>
    public static void Max(ReadOnlySpan<float> x, int rows, int cols, Span<float> dst)
    {
        CheckRowResult(x.Length, rows, cols, dst.Length);
        for (int r = 0; r < rows; r++) dst[r] = Reduce.Max(x.Slice(r * cols, cols));
    }

    /// <summary>dst[r] = min_c x[r, c]</summary><param name="x">(rows, cols)</param><param name="dst">(rows)</param>
    public static void Min(ReadOnlySpan<float> x, int rows, int cols, Span<float> dst)
    {
        CheckRowResult(x.Length, rows, cols, dst.Length);
        for (int r = 0; r < rows; r++) dst[r] = Reduce.Min(x.Slice(r * cols, cols));
    }

    /// <summary>dst[r] = index of the first largest x[r, c] (-1 for an empty or all-NaN row)</summary>
    /// <param name="x">(rows, cols)</param><param name="dst">(rows)</param>
    public static void ArgMax(ReadOnlySpan<float> x, int rows, int cols, Span<int> dst)
    {
        CheckRowResult(x.Length, rows, cols, dst.Length);
        for (int r = 0; r < rows; r++) dst[r] = Reduce.ArgMax(x.Slice(r * cols, cols));
    }

    /// <summary>dst[r] = log Σ_c exp(x[r, c]), computed stably</summary><param name="x">(rows, cols)</param><param name="dst">(rows)</param>
    public static void LogSumExp(ReadOnlySpan<float> x, int rows, int cols, Span<float> dst)
    {
        CheckRowResult(x.Length, rows, cols, dst.Length);
        for (int r = 0; r < rows; r++) dst[r] = Reduce.LogSumExp(x.Slice(r * cols, cols));
    }

    /// <summary>y[r, c] = exp(x[r, c] - max_r) / Σ_c exp(x[r, c] - max_r)</summary>
    /// <param name="x">(rows, cols)</param><param name="y">(rows, cols); may be x itself.</param>
    public static void Softmax(ReadOnlySpan<float> x, int rows, int cols, Span<float> y)
    {
        Check.Matrix(x.Length, rows, cols, nameof(x));
        Check.SameLength(x.Length, y.Length, nameof(y));
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = x.Slice(r * cols, cols);
            Span<float> output = y.Slice(r * cols, cols);
            float max = Reduce.Max(row);
            Elementwise.BinaryScalar<BinaryOps.Subtract>(row, max, output);
            Elementwise.Unary<UnaryOps.Exp>(output, output);
            Fused.Scale(1f / Reduce.Sum(output), output);
        }
    }

    /// <summary>y[r, c] = x[r, c] - logsumexp_c x[r, ·]</summary>
    /// <param name="x">(rows, cols)</param><param name="y">(rows, cols); may be x itself.</param>
    public static void LogSoftmax(ReadOnlySpan<float> x, int rows, int cols, Span<float> y)
    {
        Check.Matrix(x.Length, rows, cols, nameof(x));
        Check.SameLength(x.Length, y.Length, nameof(y));
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = x.Slice(r * cols, cols);
            Elementwise.BinaryScalar<BinaryOps.Subtract>(row, Reduce.LogSumExp(row), y.Slice(r * cols, cols));
        }
    }

    private static void CheckRowResult(int length, int rows, int cols, int dstLength)
    {
        Check.Matrix(length, rows, cols, "x");
        Check.SameLength(rows, dstLength, "dst");
    }
}
