namespace Sluice.Kernels;

/// <summary>Naive twins of <see cref="Reduce"/>, <see cref="MatrixRows"/> and <see cref="MatrixColumns"/>: left-to-right loops in double. Tests only.</summary>
public static class ReduceReference
{
    public static float Sum(ReadOnlySpan<float> x)
    {
        double total = 0;
        foreach (float v in x) total += v;
        return (float)total;
    }

    public static float Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        double total = 0;
        for (int i = 0; i < x.Length; i++) total += (double)x[i] * y[i];
        return (float)total;
    }

    public static float SumOfSquares(ReadOnlySpan<float> x) => Dot(x, x);

    public static float Max(ReadOnlySpan<float> x)
    {
        float result = float.NegativeInfinity;
        foreach (float v in x) result = MathF.Max(result, v);
        return result;
    }

    public static float Min(ReadOnlySpan<float> x)
    {
        float result = float.PositiveInfinity;
        foreach (float v in x) result = MathF.Min(result, v);
        return result;
    }

    public static int ArgMax(ReadOnlySpan<float> x)
    {
        int best = -1;
        for (int i = 0; i < x.Length; i++)
        {
            if (float.IsNaN(x[i])) continue;
            if (best < 0 || x[i] > x[best]) best = i;
        }
        return best;
    }

    public static float LogSumExp(ReadOnlySpan<float> x)
    {
        double max = Max(x);
        if (double.IsInfinity(max) || double.IsNaN(max)) return (float)max;
        double total = 0;
        foreach (float v in x) total += Math.Exp(v - max);
        return (float)(max + Math.Log(total));
    }

    public static void SoftmaxRows(ReadOnlySpan<float> x, int rows, int cols, Span<float> y)
    {
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = x.Slice(r * cols, cols);
            double max = Max(row), total = 0;
            for (int c = 0; c < cols; c++) total += Math.Exp(row[c] - max);
            for (int c = 0; c < cols; c++) y[r * cols + c] = (float)(Math.Exp(row[c] - max) / total);
        }
    }

    public static void LogSoftmaxRows(ReadOnlySpan<float> x, int rows, int cols, Span<float> y)
    {
        for (int r = 0; r < rows; r++)
        {
            ReadOnlySpan<float> row = x.Slice(r * cols, cols);
            float lse = LogSumExp(row);
            for (int c = 0; c < cols; c++) y[r * cols + c] = row[c] - lse;
        }
    }

    public static void SumColumns(ReadOnlySpan<float> x, int rows, int cols, Span<float> dst)
    {
        for (int c = 0; c < cols; c++)
        {
            double total = 0;
            for (int r = 0; r < rows; r++) total += x[r * cols + c];
            dst[c] = (float)total;
        }
    }
}
