using System.Text;

namespace Sluice.Tensors;

/// <summary>
/// An immutable N-d shape (row-major). Shapes are inferred without computing: the same rules (see
/// <c>ShapeRules</c>) serve eager execution, tracing and the compiled plan's run-time re-inference.
/// </summary>
public sealed class Shape : IEquatable<Shape>
{
    /// <summary>The largest rank any op accepts (kernels keep per-axis counters on the stack).</summary>
    public const int MaxRank = 8;

    internal readonly int[] Dims;

    public Shape(params int[] dims) : this(dims.AsSpan()) { }

    public Shape(ReadOnlySpan<int> dims)
    {
        if (dims.Length > MaxRank) throw new ArgumentException($"Rank {dims.Length} exceeds the maximum rank {MaxRank}.");
        for (int i = 0; i < dims.Length; i++)
            if (dims[i] < 0) throw new ArgumentException($"Dimension {i} is negative ({dims[i]}) in shape {Format(dims)}.");
        Dims = dims.ToArray();
    }

    public static Shape Scalar { get; } = new();

    public int Rank => Dims.Length;

    public int this[int axis] => Dims[NormalizeAxis(axis)];

    public ReadOnlySpan<int> AsSpan() => Dims;

    /// <summary>The product of all dimensions (1 for a scalar).</summary>
    public int ElementCount => Count(Dims);

    internal static int Count(ReadOnlySpan<int> dims)
    {
        long n = 1;
        foreach (int d in dims) n *= d;
        if (n > int.MaxValue) throw new ArgumentException($"Shape {Format(dims)} has more than {int.MaxValue} elements.");
        return (int)n;
    }

    /// <summary>Maps a possibly negative axis (-1 = last) to 0..Rank-1, or throws naming the shape.</summary>
    public int NormalizeAxis(int axis) => NormalizeAxis(axis, Rank, this);

    internal static int NormalizeAxis(int axis, int rank, object? what = null)
    {
        int a = axis < 0 ? axis + rank : axis;
        if ((uint)a >= (uint)rank && !(rank == 0 && a == 0))
            throw new ArgumentOutOfRangeException(nameof(axis), $"Axis {axis} is out of range for rank {rank}{(what is null ? "" : $" ({what})")}.");
        return a;
    }

    /// <summary>NumPy broadcasting: align trailing axes; each pair must be equal or one of them 1.</summary>
    public static Shape Broadcast(Shape a, Shape b)
    {
        Span<int> result = stackalloc int[MaxRank];
        int rank = ShapeRules.Broadcast(a.Dims, b.Dims, result);
        return new Shape(result[..rank]);
    }

    public bool Equals(Shape? other) => other is not null && Dims.AsSpan().SequenceEqual(other.Dims);

    public override bool Equals(object? obj) => Equals(obj as Shape);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (int d in Dims) hash.Add(d);
        return hash.ToHashCode();
    }

    public override string ToString() => Format(Dims);

    internal static string Format(ReadOnlySpan<int> dims)
    {
        var sb = new StringBuilder("[");
        for (int i = 0; i < dims.Length; i++)
        {
            if (i > 0) sb.Append(',');
            sb.Append(dims[i]);
        }
        return sb.Append(']').ToString();
    }

    public static implicit operator Shape(int[] dims) => new(dims);
}
