namespace Sluice.Tensors;

/// <summary>
/// The type and capacity shape of a graph input. At run time the leading dimension (the batch, or the number of sparse
/// ids) may be anything up to the capacity; other dimensions must match.
/// </summary>
public sealed record TensorSpec(DType DType, Shape Shape, string? Name = null)
{
    public static TensorSpec Float32(string name, params int[] dims) => new(DType.Float32, new Shape(dims), name);

    public static TensorSpec Int32(string name, params int[] dims) => new(DType.Int32, new Shape(dims), name);

    public static TensorSpec Int64(string name, params int[] dims) => new(DType.Int64, new Shape(dims), name);
}
