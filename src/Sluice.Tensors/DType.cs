namespace Sluice.Tensors;

/// <summary>Element types. <see cref="Float32"/> is first-class; integers hold ids and indices, <see cref="Bool"/> masks.</summary>
public enum DType
{
    Float32,
    Int32,
    Int64,
    Bool,
}

internal static class DTypes
{
    public static string ShortName(DType type) => type switch
    {
        DType.Float32 => "f32",
        DType.Int32 => "i32",
        DType.Int64 => "i64",
        DType.Bool => "bool",
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static Array Allocate(DType type, int length) => type switch
    {
        DType.Float32 => new float[length],
        DType.Int32 => new int[length],
        DType.Int64 => new long[length],
        DType.Bool => new bool[length],
        _ => throw new ArgumentOutOfRangeException(nameof(type)),
    };

    public static DType Of(Array data) => data switch
    {
        float[] => DType.Float32,
        int[] => DType.Int32,
        long[] => DType.Int64,
        bool[] => DType.Bool,
        _ => throw new ArgumentException($"Unsupported storage type {data.GetType().Name}."),
    };

    public static DType Of<T>() where T : unmanaged =>
        typeof(T) == typeof(float) ? DType.Float32
        : typeof(T) == typeof(int) ? DType.Int32
        : typeof(T) == typeof(long) ? DType.Int64
        : typeof(T) == typeof(bool) ? DType.Bool
        : throw new ArgumentException($"Unsupported element type {typeof(T).Name}.");

    public static bool IsInteger(DType type) => type is DType.Int32 or DType.Int64;
}
