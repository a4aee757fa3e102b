using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Sluice.Kernels;

/// <summary>
/// Generic elementwise drivers: one per arity, parameterised by an operator struct (<see cref="UnaryOps"/>,
/// <see cref="BinaryOps"/>, <see cref="ComparisonOps"/>). Each runs the widest accelerated vector width, finishes the
/// tail with narrower vectors, then scalars. The destination may be the very same span as an input (in place), but
/// must not partially overlap one.
/// </summary>
public static class Elementwise
{
    /// <summary>y[i] = op(x[i])</summary>
    public static void Unary<TOp>(ReadOnlySpan<float> x, Span<float> y) where TOp : IUnaryOperator
    {
        Check.SameLength(x.Length, y.Length, nameof(y));
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        nuint n = (nuint)x.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i + 16 <= n; i += 16) TOp.Apply(Vector512.LoadUnsafe(ref xr, i)).StoreUnsafe(ref yr, i);
        if (Vector256.IsHardwareAccelerated)
            for (; i + 8 <= n; i += 8) TOp.Apply(Vector256.LoadUnsafe(ref xr, i)).StoreUnsafe(ref yr, i);
        if (Vector128.IsHardwareAccelerated)
            for (; i + 4 <= n; i += 4) TOp.Apply(Vector128.LoadUnsafe(ref xr, i)).StoreUnsafe(ref yr, i);
        for (; i < n; i++) Unsafe.Add(ref yr, i) = TOp.Apply(Unsafe.Add(ref xr, i));
    }

    /// <summary>z[i] = op(x[i], y[i])</summary>
    public static void Binary<TOp>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> z) where TOp : IBinaryOperator
    {
        Check.SameLength(x.Length, y.Length, nameof(y));
        Check.SameLength(x.Length, z.Length, nameof(z));
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref float zr = ref MemoryMarshal.GetReference(z);
        nuint n = (nuint)x.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
            for (; i + 16 <= n; i += 16) TOp.Apply(Vector512.LoadUnsafe(ref xr, i), Vector512.LoadUnsafe(ref yr, i)).StoreUnsafe(ref zr, i);
        if (Vector256.IsHardwareAccelerated)
            for (; i + 8 <= n; i += 8) TOp.Apply(Vector256.LoadUnsafe(ref xr, i), Vector256.LoadUnsafe(ref yr, i)).StoreUnsafe(ref zr, i);
        if (Vector128.IsHardwareAccelerated)
            for (; i + 4 <= n; i += 4) TOp.Apply(Vector128.LoadUnsafe(ref xr, i), Vector128.LoadUnsafe(ref yr, i)).StoreUnsafe(ref zr, i);
        for (; i < n; i++) Unsafe.Add(ref zr, i) = TOp.Apply(Unsafe.Add(ref xr, i), Unsafe.Add(ref yr, i));
    }

    /// <summary>z[i] = op(x[i], s)</summary>
    public static void BinaryScalar<TOp>(ReadOnlySpan<float> x, float s, Span<float> z) where TOp : IBinaryOperator
    {
        Check.SameLength(x.Length, z.Length, nameof(z));
        ref float xr = ref MemoryMarshal.GetReference(x);
        ref float zr = ref MemoryMarshal.GetReference(z);
        nuint n = (nuint)x.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var sv = Vector512.Create(s);
            for (; i + 16 <= n; i += 16) TOp.Apply(Vector512.LoadUnsafe(ref xr, i), sv).StoreUnsafe(ref zr, i);
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var sv = Vector256.Create(s);
            for (; i + 8 <= n; i += 8) TOp.Apply(Vector256.LoadUnsafe(ref xr, i), sv).StoreUnsafe(ref zr, i);
        }
        if (Vector128.IsHardwareAccelerated)
        {
            var sv = Vector128.Create(s);
            for (; i + 4 <= n; i += 4) TOp.Apply(Vector128.LoadUnsafe(ref xr, i), sv).StoreUnsafe(ref zr, i);
        }
        for (; i < n; i++) Unsafe.Add(ref zr, i) = TOp.Apply(Unsafe.Add(ref xr, i), s);
    }

    /// <summary>z[i] = op(s, y[i]) (the scalar on the left, for non-commutative ops such as 1 - y or 1 / y)</summary>
    public static void ScalarBinary<TOp>(float s, ReadOnlySpan<float> y, Span<float> z) where TOp : IBinaryOperator
    {
        Check.SameLength(y.Length, z.Length, nameof(z));
        ref float yr = ref MemoryMarshal.GetReference(y);
        ref float zr = ref MemoryMarshal.GetReference(z);
        nuint n = (nuint)y.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var sv = Vector512.Create(s);
            for (; i + 16 <= n; i += 16) TOp.Apply(sv, Vector512.LoadUnsafe(ref yr, i)).StoreUnsafe(ref zr, i);
        }
        if (Vector256.IsHardwareAccelerated)
        {
            var sv = Vector256.Create(s);
            for (; i + 8 <= n; i += 8) TOp.Apply(sv, Vector256.LoadUnsafe(ref yr, i)).StoreUnsafe(ref zr, i);
        }
        if (Vector128.IsHardwareAccelerated)
        {
            var sv = Vector128.Create(s);
            for (; i + 4 <= n; i += 4) TOp.Apply(sv, Vector128.LoadUnsafe(ref yr, i)).StoreUnsafe(ref zr, i);
        }
        for (; i < n; i++) Unsafe.Add(ref zr, i) = TOp.Apply(s, Unsafe.Add(ref yr, i));
    }

    /// <summary>z[r, c] = op(x[r, c], row[c]): a (rows, cols) matrix against a (cols) row vector.</summary>
    /// <param name="x">(rows, cols) row-major.</param><param name="cols">Row length; x.Length must be a multiple.</param>
    /// <param name="row">(cols)</param><param name="z">(rows, cols); may be x itself.</param>
    public static void BinaryRowBroadcast<TOp>(ReadOnlySpan<float> x, int cols, ReadOnlySpan<float> row, Span<float> z) where TOp : IBinaryOperator
    {
        int rows = Check.Rows(x.Length, cols, nameof(x));
        Check.SameLength(cols, row.Length, nameof(row));
        Check.SameLength(x.Length, z.Length, nameof(z));
        for (int r = 0; r < rows; r++)
            Binary<TOp>(x.Slice(r * cols, cols), row, z.Slice(r * cols, cols));
    }

    /// <summary>z[r, c] = op(x[r, c], column[r]): a (rows, cols) matrix against one scalar per row.</summary>
    /// <param name="x">(rows, cols) row-major.</param><param name="cols">Row length; x.Length must be a multiple.</param>
    /// <param name="column">(rows)</param><param name="z">(rows, cols); may be x itself.</param>
    public static void BinaryColumnBroadcast<TOp>(ReadOnlySpan<float> x, int cols, ReadOnlySpan<float> column, Span<float> z) where TOp : IBinaryOperator
    {
        int rows = Check.Rows(x.Length, cols, nameof(x));
        Check.SameLength(rows, column.Length, nameof(column));
        Check.SameLength(x.Length, z.Length, nameof(z));
        for (int r = 0; r < rows; r++)
            BinaryScalar<TOp>(x.Slice(r * cols, cols), column[r], z.Slice(r * cols, cols));
    }

    /// <summary>z[i] = mask[i] != 0 ? whenTrue[i] : whenFalse[i] (the mask is a 0/1 float mask from <see cref="ComparisonOps"/>).</summary>
    public static void Select(ReadOnlySpan<float> mask, ReadOnlySpan<float> whenTrue, ReadOnlySpan<float> whenFalse, Span<float> z)
    {
        Check.SameLength(mask.Length, whenTrue.Length, nameof(whenTrue));
        Check.SameLength(mask.Length, whenFalse.Length, nameof(whenFalse));
        Check.SameLength(mask.Length, z.Length, nameof(z));
        ref float mr = ref MemoryMarshal.GetReference(mask);
        ref float tr = ref MemoryMarshal.GetReference(whenTrue);
        ref float fr = ref MemoryMarshal.GetReference(whenFalse);
        ref float zr = ref MemoryMarshal.GetReference(z);
        nuint n = (nuint)mask.Length, i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; i + 16 <= n; i += 16)
            {
                var keep = ~Vector512.Equals(Vector512.LoadUnsafe(ref mr, i), Vector512<float>.Zero);
                Vector512.ConditionalSelect(keep, Vector512.LoadUnsafe(ref tr, i), Vector512.LoadUnsafe(ref fr, i)).StoreUnsafe(ref zr, i);
            }
        }
        if (Vector256.IsHardwareAccelerated)
        {
            for (; i + 8 <= n; i += 8)
            {
                var keep = ~Vector256.Equals(Vector256.LoadUnsafe(ref mr, i), Vector256<float>.Zero);
                Vector256.ConditionalSelect(keep, Vector256.LoadUnsafe(ref tr, i), Vector256.LoadUnsafe(ref fr, i)).StoreUnsafe(ref zr, i);
            }
        }
        for (; i < n; i++) Unsafe.Add(ref zr, i) = Unsafe.Add(ref mr, i) != 0f ? Unsafe.Add(ref tr, i) : Unsafe.Add(ref fr, i);
    }
}
