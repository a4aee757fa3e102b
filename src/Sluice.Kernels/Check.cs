namespace Sluice.Kernels;

/// <summary>Argument checks shared by the kernels; messages name the offending parameter and both lengths.</summary>
internal static class Check
{
    public static void SameLength(int expected, int actual, string parameter)
    {
        if (expected != actual)
            throw new ArgumentException($"{parameter} has length {actual}, expected {expected}.", parameter);
    }

    /// <summary>Rows of a (rows, cols) row-major matrix stored in <paramref name="length"/> floats.</summary>
    public static int Rows(int length, int cols, string parameter)
    {
        if (cols <= 0)
        {
            if (cols == 0 && length == 0) return 0;
            throw new ArgumentOutOfRangeException(nameof(cols), cols, $"cols must be positive for {parameter}.");
        }
        if (length % cols != 0)
            throw new ArgumentException($"{parameter} has length {length}, not a multiple of cols {cols}.", parameter);
        return length / cols;
    }

    public static void Matrix(int length, int rows, int cols, string parameter)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(rows);
        ArgumentOutOfRangeException.ThrowIfNegative(cols);
        if ((long)rows * cols != length)
            throw new ArgumentException($"{parameter} has length {length}, expected rows·cols = {rows}·{cols} = {(long)rows * cols}.", parameter);
    }
}
