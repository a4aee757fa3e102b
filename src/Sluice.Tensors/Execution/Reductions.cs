using Sluice.Kernels;
using K = Sluice.Kernels;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Sluice.Tensors.Execution;

internal enum ReduceKind { Sum, Max, Min }

/// <summary>
/// Reductions of x to an "aligned" shape of the same rank whose dims are x's or 1. Reduce-with-axes, keep-dims or not,
/// and SumLike (the gradient of broadcasting) all come here. Contiguous patterns are vectorised.
/// </summary>
internal static class Reductions
{
    public static void Reduce(ReduceKind kind, in Buf x, ReadOnlySpan<int> aligned, Span<float> z)
    {
        var src = (ReadOnlySpan<float>)x.F;
        int rank = x.Rank;
        float identity = kind switch { ReduceKind.Sum => 0f, ReduceKind.Max => float.NegativeInfinity, _ => float.PositiveInfinity };
        if (z.Length == 1)
        {
            z[0] = All(kind, src, identity);
            return;
        }
        // Collapse to [outer kept][middle reduced][inner kept] when the reduced axes are one contiguous run.
        int first = -1, last = -1;
        for (int d = 0; d < rank; d++)
        {
            if (aligned[d] == x.Dims[d] || x.Dims[d] == 1) continue;
            if (first < 0) first = d;
            last = d;
        }
        if (first < 0)
        {
            src.CopyTo(z);
            return;
        }
        bool contiguous = true;
        for (int d = first; d <= last; d++) if (aligned[d] != 1 && x.Dims[d] != 1) contiguous = false;
        if (contiguous)
        {
            int outer = 1, middle = 1, inner = 1;
            for (int d = 0; d < first; d++) outer *= x.Dims[d];
            for (int d = first; d <= last; d++) middle *= x.Dims[d];
            for (int d = last + 1; d < rank; d++) inner *= x.Dims[d];
            if (middle == 0)
            {
                z.Fill(identity);   // reducing an empty axis (a batch of 0): the identity, like an empty sum
                return;
            }
            for (int o = 0; o < outer; o++)
            {
                var block = src.Slice(o * middle * inner, middle * inner);
                if (inner == 1)
                {
                    z[o] = All(kind, block, identity);
                    continue;
                }
                var row = z.Slice(o * inner, inner);
                block[..inner].CopyTo(row);
                for (int m = 1; m < middle; m++) Accumulate(kind, block.Slice(m * inner, inner), row);
            }
            return;
        }
        // General: walk x, mapping each element to its output through strides that are 0 on reduced axes.
        z.Fill(identity);
        Span<int> sx = stackalloc int[Shape.MaxRank], sz = stackalloc int[Shape.MaxRank], idx = stackalloc int[Shape.MaxRank];
        Strides.RowMajor(x.Dims, sx);
        Strides.Broadcast(aligned, x.Dims, sz);
        idx.Clear();
        int ix = 0, iz = 0;
        for (int i = 0; i < src.Length; i++)
        {
            float v = src[ix];
            z[iz] = kind switch { ReduceKind.Sum => z[iz] + v, ReduceKind.Max => MathF.Max(z[iz], v), _ => MathF.Min(z[iz], v) };
            Strides.Advance(idx, x.Dims, rank, sx, ref ix, sz, ref iz);
        }
    }

    private static float All(ReduceKind kind, ReadOnlySpan<float> x, float identity)
    {
        int i = 0;
        float result = identity;
        if (Vector512.IsHardwareAccelerated && x.Length >= 16)
        {
            ref float xs = ref MemoryMarshal.GetReference(x);
            var acc = Vector512.LoadUnsafe(ref xs);
            for (i = 16; i <= x.Length - 16; i += 16)
            {
                var v = Vector512.LoadUnsafe(ref xs, (nuint)i);
                acc = kind switch { ReduceKind.Sum => acc + v, ReduceKind.Max => Vector512.Max(acc, v), _ => Vector512.Min(acc, v) };
            }
            result = kind switch { ReduceKind.Sum => Vector512.Sum(acc), _ => Horizontal(kind, acc) };
        }
        for (; i < x.Length; i++)
            result = kind switch { ReduceKind.Sum => result + x[i], ReduceKind.Max => MathF.Max(result, x[i]), _ => MathF.Min(result, x[i]) };
        return result;
    }

    private static float Horizontal(ReduceKind kind, Vector512<float> v)
    {
        float r = v[0];
        for (int i = 1; i < 16; i++) r = kind == ReduceKind.Max ? MathF.Max(r, v[i]) : MathF.Min(r, v[i]);
        return r;
    }

    private static void Accumulate(ReduceKind kind, ReadOnlySpan<float> x, Span<float> acc)
    {
        switch (kind)
        {
            case ReduceKind.Sum: K.Elementwise.Binary<BinaryOps.Add>(acc, x, acc); break;
            case ReduceKind.Max: K.Elementwise.Binary<BinaryOps.Maximum>(acc, x, acc); break;
            default: K.Elementwise.Binary<BinaryOps.Minimum>(acc, x, acc); break;
        }
    }

    /// <summary>Index of the first maximum along <paramref name="axis"/> (NaN never wins).</summary>
    public static void ArgMax(in Buf x, int axis, Span<int> z)
    {
        var src = x.F;
        int outer = 1, n = x.Dims[axis], inner = 1;
        for (int d = 0; d < axis; d++) outer *= x.Dims[d];
        for (int d = axis + 1; d < x.Rank; d++) inner *= x.Dims[d];
        for (int o = 0; o < outer; o++)
        {
            for (int i = 0; i < inner; i++)
            {
                int baseIndex = o * n * inner + i, best = 0;
                float bestValue = n > 0 ? src[baseIndex] : 0f;
                for (int k = 1; k < n; k++)
                {
                    float v = src[baseIndex + k * inner];
                    if (v > bestValue) { bestValue = v; best = k; }
                }
                z[o * inner + i] = best;
            }
        }
    }

    /// <summary>Aligned output dims of a reduction over sorted <paramref name="axes"/> (1 on reduced axes).</summary>
    public static void AlignedDims(ReadOnlySpan<int> dims, int[] axes, Span<int> aligned)
    {
        dims.CopyTo(aligned);
        foreach (int a in axes) aligned[a] = 1;
    }

    /// <summary>Aligned dims for reducing to <paramref name="like"/>: like left-padded with 1s to rank.</summary>
    public static void AlignedLike(ReadOnlySpan<int> like, int rank, Span<int> aligned)
    {
        int offset = rank - like.Length;
        for (int d = 0; d < rank; d++) aligned[d] = d < offset ? 1 : like[d - offset];
    }
}
