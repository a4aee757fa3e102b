namespace Sluice.Tensors.Execution;

/// <summary>A value as kernels see it: storage, offset, run-time dims. Mutable so a plan can re-point it each run.</summary>
internal struct Buf
{
    public Array Data;
    public int Offset;
    public int[] Dims;
    public int Length;

    public Buf(Array data, int offset, int[] dims)
    {
        Data = data;
        Offset = offset;
        Dims = dims;
        Length = Shape.Count(dims);
    }

    public readonly Span<float> F => new((float[])Data, Offset, Length);
    public readonly Span<int> I => new((int[])Data, Offset, Length);
    public readonly Span<long> L => new((long[])Data, Offset, Length);
    public readonly Span<bool> B => new((bool[])Data, Offset, Length);

    public readonly Span<T> As<T>() => new((T[])Data, Offset, Length);

    public readonly int Rank => Dims.Length;

    /// <summary>Index i of an integer tensor (i32 or i64) as a long.</summary>
    public readonly long Index(int i) => Data is int[] ints ? ints[Offset + i] : ((long[])Data)[Offset + i];
}

/// <summary>Per-run state kernels may need: the counter-based RNG key and the run number.</summary>
internal sealed class KernelContext
{
    public ulong Seed;
    public ulong Run;
}
