using System.Globalization;
using System.Text;

namespace Sluice.Tensors;

/// <summary>
/// An N-d array: contiguous row-major storage (possibly a view into a larger array at an offset), a <see cref="Shape"/>
/// and a <see cref="DType"/>. Inside <see cref="Graph.Trace(Func{Tensor[], Tensor[]}, TensorSpec[])"/> the same type is
/// symbolic: ops record graph nodes instead of computing, with shapes inferred as they go.
/// </summary>
public sealed partial class Tensor
{
    internal readonly Array? Data;
    internal readonly int Offset;
    internal readonly Node? Node;
    internal readonly Tracer? Owner;

    internal Tensor(Array data, int offset, Shape shape)
    {
        if (offset < 0 || offset + shape.ElementCount > data.Length)
            throw new ArgumentException($"Storage of {data.Length} elements cannot hold shape {shape} at offset {offset}.");
        Data = data;
        Offset = offset;
        Shape = shape;
        DType = DTypes.Of(data);
    }

    internal Tensor(Node node, Tracer owner)
    {
        Node = node;
        Owner = owner;
        Shape = new Shape(node.Dims);
        DType = node.DType;
    }

    public Shape Shape { get; }

    public DType DType { get; }

    public int Rank => Shape.Rank;

    /// <summary>True inside a trace: the tensor names a graph value and holds no data.</summary>
    public bool IsSymbolic => Node is not null;

    /// <summary>The elements (row-major). Writes go to the tensor's storage (shared with views and variables).</summary>
    public Span<T> AsSpan<T>() where T : unmanaged
    {
        if (Data is null)
            throw new InvalidOperationException($"Tensor {this} is symbolic (traced); it has no data until the compiled plan runs.");
        if (Data is not T[] array)
            throw new InvalidOperationException($"Tensor is {DTypes.ShortName(DType)}, not {typeof(T).Name}.");
        return new Span<T>(array, Offset, Shape.ElementCount);
    }

    public Span<float> AsSpan() => AsSpan<float>();

    public T[] ToArray<T>() where T : unmanaged => AsSpan<T>().ToArray();

    public float[] ToArray() => AsSpan<float>().ToArray();

    /// <summary>The single value of a one-element f32 tensor.</summary>
    public float ToScalar()
    {
        if (Shape.ElementCount != 1) throw new InvalidOperationException($"ToScalar needs one element; shape is {Shape}.");
        return AsSpan<float>()[0];
    }

    /// <summary>The element at a full index (for tests and debugging; not for hot loops).</summary>
    public float this[params int[] index]
    {
        get
        {
            if (index.Length != Rank) throw new ArgumentException($"Index of rank {index.Length} for shape {Shape}.");
            int flat = 0;
            for (int d = 0; d < Rank; d++)
            {
                if ((uint)index[d] >= (uint)Shape.Dims[d]) throw new IndexOutOfRangeException($"Index {index[d]} on axis {d} of {Shape}.");
                flat = flat * Shape.Dims[d] + index[d];
            }
            return AsSpan<float>()[flat];
        }
    }

    internal Buf ToBuf() => new(Data!, Offset, Shape.Dims);

    public override string ToString()
    {
        string head = $"{DTypes.ShortName(DType)}{Shape}";
        if (Node is not null) return $"%{Node.Id}:{head}";
        var sb = new StringBuilder(head).Append(' ').Append('[');
        int n = Math.Min(Shape.ElementCount, 8);
        for (int i = 0; i < n; i++)
        {
            if (i > 0) sb.Append(", ");
            sb.Append(DType switch
            {
                DType.Float32 => AsSpan<float>()[i].ToString("G6", CultureInfo.InvariantCulture),
                DType.Int32 => AsSpan<int>()[i].ToString(CultureInfo.InvariantCulture),
                DType.Int64 => AsSpan<long>()[i].ToString(CultureInfo.InvariantCulture),
                _ => AsSpan<bool>()[i] ? "true" : "false",
            });
        }
        if (Shape.ElementCount > n) sb.Append(", …");
        return sb.Append(']').ToString();
    }

    /// <summary>Every op enters here: recorded when tracing, computed immediately otherwise.</summary>
    internal static Tensor Apply(Op op, OpParams? p, params Tensor[] inputs)
    {
        var tracer = Tracer.Current;
        if (tracer is not null) return tracer.Record(op, p, inputs);
        foreach (var input in inputs)
            if (input.IsSymbolic) throw new InvalidOperationException($"Traced tensor {input} was used after its trace ended.");
        return Eager.Run(op, p, inputs);
    }
}
