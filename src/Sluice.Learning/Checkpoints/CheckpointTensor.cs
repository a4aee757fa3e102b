namespace Sluice.Learning.Checkpoints;

/// <summary>One named tensor in a checkpoint: a variable, an optimizer slot or a counter.</summary>
public sealed class CheckpointTensor
{
    private CheckpointTensor(string name, int[] shape, CheckpointDType dtype, float[]? floats, long[]? int64s)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        ArgumentNullException.ThrowIfNull(shape);
        long count = 1;
        foreach (int dim in shape)
        {
            if (dim < 0) throw new ArgumentException($"Tensor '{name}' has a negative dimension in shape [{string.Join(", ", shape)}].", nameof(shape));
            count *= dim;
        }
        int length = floats?.Length ?? int64s!.Length;
        if (count != length)
            throw new ArgumentException($"Tensor '{name}' has shape [{string.Join(", ", shape)}] ({count} elements) but {length} values.", nameof(shape));
        if (System.Text.Encoding.UTF8.GetByteCount(name) > ushort.MaxValue)
            throw new ArgumentException($"Tensor name is longer than {ushort.MaxValue} UTF-8 bytes: '{name[..40]}…'.", nameof(name));
        Name = name;
        Shape = shape;
        DType = dtype;
        Floats = floats;
        Int64s = int64s;
    }

    /// <summary>A float32 tensor (values are not copied).</summary>
    public static CheckpointTensor FromFloats(string name, int[] shape, float[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new(name, shape, CheckpointDType.Float32, values, null);
    }

    /// <summary>An int64 tensor (values are not copied).</summary>
    public static CheckpointTensor FromInt64s(string name, int[] shape, long[] values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new(name, shape, CheckpointDType.Int64, null, values);
    }

    public string Name { get; }
    public int[] Shape { get; }
    public CheckpointDType DType { get; }

    /// <summary>The values when <see cref="DType"/> is Float32, else null.</summary>
    public float[]? Floats { get; }

    /// <summary>The values when <see cref="DType"/> is Int64, else null.</summary>
    public long[]? Int64s { get; }

    public int ElementCount => Floats?.Length ?? Int64s!.Length;

    public override string ToString() => $"{Name}: {(DType == CheckpointDType.Float32 ? "f32" : "i64")}[{string.Join(",", Shape)}]";
}
