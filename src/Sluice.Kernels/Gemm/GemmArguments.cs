namespace Sluice.Kernels;

/// <summary>Checks the shape, leading dimensions and span lengths of a GEMM call (shared by the fast and naive twins).</summary>
internal static class GemmArguments
{
    public static void Validate(bool transposeA, bool transposeB, int m, int n, int k,
        int aLength, int lda, int bLength, int ldb, int cLength, int ldc)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(m);
        ArgumentOutOfRangeException.ThrowIfNegative(n);
        ArgumentOutOfRangeException.ThrowIfNegative(k);
        // op(A) is m×k: stored as m×k (row stride lda) or, transposed, as k×m.
        CheckMatrix("a", "lda", transposeA ? k : m, transposeA ? m : k, aLength, lda);
        CheckMatrix("b", "ldb", transposeB ? n : k, transposeB ? k : n, bLength, ldb);
        CheckMatrix("c", "ldc", m, n, cLength, ldc);
    }

    private static void CheckMatrix(string name, string strideName, int rows, int cols, int length, int stride)
    {
        if (stride < Math.Max(1, cols))
            throw new ArgumentOutOfRangeException(strideName, stride, $"{strideName} must be at least max(1, {cols}) (the stored row length of {name}).");
        if (rows == 0 || cols == 0) return;
        long needed = (long)(rows - 1) * stride + cols;
        if (length < needed)
            throw new ArgumentException($"{name} holds {length} floats but a {rows}×{cols} matrix with {strideName} {stride} needs {needed}.", name);
    }
}
