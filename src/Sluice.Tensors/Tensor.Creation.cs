using Sluice.Tensors.Random;

namespace Sluice.Tensors;

public sealed partial class Tensor
{
    /// <summary>Wraps <paramref name="values"/> without copying (the tensor and the array share storage).</summary>
    public static Tensor FromArray<T>(T[] values, params int[] dims) where T : unmanaged
    {
        var shape = dims.Length == 0 && values.Length != 1 ? new Shape(values.Length) : new Shape(dims);
        if (shape.ElementCount != values.Length)
            throw new ArgumentException($"{values.Length} values do not fill shape {shape} ({shape.ElementCount} elements).");
        return new Tensor(values, 0, shape);
    }

    /// <summary>A copy of <paramref name="values"/> with the given shape (rank 1 when no dims are given).</summary>
    public static Tensor Create<T>(ReadOnlySpan<T> values, params int[] dims) where T : unmanaged => FromArray(values.ToArray(), dims);

    public static Tensor Scalar(float value) => new(new[] { value }, 0, Shape.Scalar);

    public static Tensor Zeros(Shape shape, DType type = DType.Float32) => new(DTypes.Allocate(type, shape.ElementCount), 0, shape);

    public static Tensor Ones(Shape shape) => Full(shape, 1f);

    public static Tensor Full(Shape shape, float value)
    {
        var data = new float[shape.ElementCount];
        data.AsSpan().Fill(value);
        return new Tensor(data, 0, shape);
    }

    /// <summary>start, start+step, … below stop (f32, rank 1).</summary>
    public static Tensor Arange(float start, float stop, float step = 1f)
    {
        if (step == 0f || float.IsNaN(step)) throw new ArgumentException("Arange step must be non-zero.", nameof(step));
        int n = Math.Max(0, (int)MathF.Ceiling((stop - start) / step));
        var data = new float[n];
        for (int i = 0; i < n; i++) data[i] = start + i * step;
        return new Tensor(data, 0, new Shape(n));
    }

    public static Tensor Arange(int count) => Arange(0f, count);

    /// <summary>U[low, high) from a counter-based generator (advances it).</summary>
    public static Tensor RandomUniform(Shape shape, RandomGenerator random, float low = 0f, float high = 1f)
    {
        var t = Zeros(shape);
        random.FillUniform(t.AsSpan(), low, high);
        return t;
    }

    public static Tensor RandomNormal(Shape shape, RandomGenerator random, float mean = 0f, float stddev = 1f)
    {
        var t = Zeros(shape);
        random.FillNormal(t.AsSpan(), mean, stddev);
        return t;
    }

    /// <summary>Normal with draws beyond 2 standard deviations redrawn (TF's truncated_normal initializer).</summary>
    public static Tensor TruncatedNormal(Shape shape, RandomGenerator random, float mean = 0f, float stddev = 1f)
    {
        var t = Zeros(shape);
        random.FillTruncatedNormal(t.AsSpan(), mean, stddev);
        return t;
    }

    /// <summary>A contiguous copy with its own storage.</summary>
    public Tensor Clone()
    {
        var data = DTypes.Allocate(DType, Shape.ElementCount);
        Array.Copy(Data ?? throw new InvalidOperationException("Cannot clone a symbolic tensor."), Offset, data, 0, data.Length);
        return new Tensor(data, 0, Shape);
    }

    /// <summary>Rows [start, start+count) along axis 0 as a view sharing storage (no copy).</summary>
    public Tensor Rows(int start, int count)
    {
        if (Data is null) return Slice(0, start, count);
        if (Rank == 0 || start < 0 || count < 0 || start + count > Shape.Dims[0])
            throw new ArgumentOutOfRangeException(nameof(start), $"Rows {start}..{start + count} are outside {Shape}.");
        int width = Shape.ElementCount / Math.Max(1, Shape.Dims[0]);
        var dims = Shape.Dims.ToArray();
        dims[0] = count;
        return new Tensor(Data, Offset + start * width, new Shape(dims));
    }
}
