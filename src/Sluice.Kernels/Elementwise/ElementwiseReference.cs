namespace Sluice.Kernels;

/// <summary>
/// Naive twins of <see cref="Elementwise"/> and <see cref="Fused"/>: plain scalar loops over a formula passed as a
/// delegate (the oracle writes each op's formula independently of the operator structs). Tests only.
/// </summary>
public static class ElementwiseReference
{
    public static void Unary(ReadOnlySpan<float> x, Span<float> y, Func<float, float> f)
    {
        Check.SameLength(x.Length, y.Length, nameof(y));
        for (int i = 0; i < x.Length; i++) y[i] = f(x[i]);
    }

    public static void Binary(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> z, Func<float, float, float> f)
    {
        Check.SameLength(x.Length, y.Length, nameof(y));
        Check.SameLength(x.Length, z.Length, nameof(z));
        for (int i = 0; i < x.Length; i++) z[i] = f(x[i], y[i]);
    }

    public static void BinaryRowBroadcast(ReadOnlySpan<float> x, int cols, ReadOnlySpan<float> row, Span<float> z, Func<float, float, float> f)
    {
        for (int i = 0; i < x.Length; i++) z[i] = f(x[i], row[i % cols]);
    }

    public static void BinaryColumnBroadcast(ReadOnlySpan<float> x, int cols, ReadOnlySpan<float> column, Span<float> z, Func<float, float, float> f)
    {
        for (int i = 0; i < x.Length; i++) z[i] = f(x[i], column[i / cols]);
    }

    public static void Select(ReadOnlySpan<float> mask, ReadOnlySpan<float> whenTrue, ReadOnlySpan<float> whenFalse, Span<float> z)
    {
        for (int i = 0; i < mask.Length; i++) z[i] = mask[i] != 0f ? whenTrue[i] : whenFalse[i];
    }

    public static void ReluBackward(ReadOnlySpan<float> x, ReadOnlySpan<float> dy, Span<float> dx)
    {
        for (int i = 0; i < x.Length; i++) dx[i] = x[i] > 0f ? dy[i] : 0f;
    }

    public static void Axpy(float a, ReadOnlySpan<float> x, Span<float> y)
    {
        for (int i = 0; i < x.Length; i++) y[i] = (float)((double)a * x[i] + y[i]);
    }

    public static void AddBias(Span<float> matrix, int cols, ReadOnlySpan<float> bias)
    {
        for (int i = 0; i < matrix.Length; i++) matrix[i] += bias[i % cols];
    }
}
