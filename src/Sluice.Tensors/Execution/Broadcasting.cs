using System.Runtime.CompilerServices;
using Sluice.Kernels;
using K = Sluice.Kernels;

namespace Sluice.Tensors.Execution;

/// <summary>
/// NumPy broadcasting over the kernels' elementwise drivers: same shape, scalar, bias row and per-row column are
/// vectorised fast paths; anything else walks the output with per-operand strides.
/// </summary>
internal static class Broadcasting
{
    /// <summary>z = x op y with NumPy broadcasting (dims of z are the broadcast of x's and y's).</summary>
    public static void Broadcast<T>(in Buf a, in Buf b, in Buf o) where T : IBinaryOperator
    {
        var x = (ReadOnlySpan<float>)a.F;
        var y = (ReadOnlySpan<float>)b.F;
        var z = o.F;
        if (z.Length == 0) return;
        if (x.Length == z.Length && y.Length == z.Length) { K.Elementwise.Binary<T>(x, y, z); return; }
        if (y.Length == 1) { K.Elementwise.BinaryScalar<T>(x, y[0], z); return; }
        if (x.Length == 1) { K.Elementwise.ScalarBinary<T>(x[0], y, z); return; }
        int inner;
        if (x.Length == z.Length && (inner = SuffixLength(b.Dims, o.Dims)) > 0)
        {
            K.Elementwise.BinaryRowBroadcast<T>(x, inner, y, z);   // y is a bias row repeated over the outer axes
            return;
        }
        if (y.Length == z.Length && (inner = SuffixLength(a.Dims, o.Dims)) > 0)
        {
            for (int r = 0; r < z.Length; r += inner) K.Elementwise.Binary<T>(x, y.Slice(r, inner), z.Slice(r, inner));
            return;
        }
        if (x.Length == z.Length && (inner = PrefixBlock(b.Dims, o.Dims)) > 0)
        {
            K.Elementwise.BinaryColumnBroadcast<T>(x, inner, y, z);   // one y per row: x - max(x, keepdims) in a softmax
            return;
        }
        if (y.Length == z.Length && (inner = PrefixBlock(a.Dims, o.Dims)) > 0)
        {
            for (int r = 0, j = 0; r < z.Length; r += inner, j++) K.Elementwise.ScalarBinary<T>(x[j], y.Slice(r, inner), z.Slice(r, inner));
            return;
        }
        General<T>(a, b, o);
    }

    /// <summary>Any broadcast, one element at a time, walking the output with per-operand strides.</summary>
    private static void General<T>(in Buf a, in Buf b, in Buf o) where T : IBinaryOperator
    {
        var x = a.F;
        var y = b.F;
        var z = o.F;
        int rank = o.Rank;
        Span<int> sa = stackalloc int[Shape.MaxRank], sb = stackalloc int[Shape.MaxRank], idx = stackalloc int[Shape.MaxRank];
        Strides.Broadcast(a.Dims, o.Dims, sa);
        Strides.Broadcast(b.Dims, o.Dims, sb);
        idx.Clear();
        int ia = 0, ib = 0;
        for (int i = 0; i < z.Length; i++)
        {
            z[i] = T.Apply(x[ia], y[ib]);
            Strides.Advance(idx, o.Dims, rank, sa, ref ia, sb, ref ib);
        }
    }

    /// <summary>Comparison to bool with broadcasting.</summary>
    public static void Compare<T>(in Buf a, in Buf b, in Buf o) where T : IBinaryOperator
    {
        var x = a.F;
        var y = b.F;
        var z = o.B;
        if (x.Length == z.Length && y.Length == z.Length)
        {
            for (int i = 0; i < z.Length; i++) z[i] = T.Apply(x[i], y[i]) != 0f;
            return;
        }
        int rank = o.Rank;
        Span<int> sa = stackalloc int[Shape.MaxRank], sb = stackalloc int[Shape.MaxRank], idx = stackalloc int[Shape.MaxRank];
        Strides.Broadcast(a.Dims, o.Dims, sa);
        Strides.Broadcast(b.Dims, o.Dims, sb);
        idx.Clear();
        int ia = 0, ib = 0;
        for (int i = 0; i < z.Length; i++)
        {
            z[i] = T.Apply(x[ia], y[ib]) != 0f;
            Strides.Advance(idx, o.Dims, rank, sa, ref ia, sb, ref ib);
        }
    }

    /// <summary>z = c ? x : y with broadcasting.</summary>
    public static void Where(in Buf c, in Buf a, in Buf b, in Buf o)
    {
        var cond = c.B;
        var x = a.F;
        var y = b.F;
        var z = o.F;
        if (cond.Length == z.Length && x.Length == z.Length && y.Length == z.Length)
        {
            for (int i = 0; i < z.Length; i++) z[i] = cond[i] ? x[i] : y[i];
            return;
        }
        int rank = o.Rank;
        Span<int> sc = stackalloc int[Shape.MaxRank], sa = stackalloc int[Shape.MaxRank], sb = stackalloc int[Shape.MaxRank];
        Span<int> idx = stackalloc int[Shape.MaxRank];
        Strides.Broadcast(c.Dims, o.Dims, sc);
        Strides.Broadcast(a.Dims, o.Dims, sa);
        Strides.Broadcast(b.Dims, o.Dims, sb);
        idx.Clear();
        int ic = 0, ia = 0, ib = 0;
        for (int i = 0; i < z.Length; i++)
        {
            z[i] = cond[ic] ? x[ia] : y[ib];
            for (int d = rank - 1; d >= 0; d--)
            {
                ic += sc[d]; ia += sa[d]; ib += sb[d];
                if (++idx[d] < o.Dims[d]) break;
                ic -= sc[d] * idx[d]; ia -= sa[d] * idx[d]; ib -= sb[d] * idx[d];
                idx[d] = 0;
            }
        }
    }

    /// <summary>Element count of <paramref name="small"/> when it equals the trailing axes of <paramref name="large"/> (leading 1s allowed), else 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int SuffixLength(ReadOnlySpan<int> small, ReadOnlySpan<int> large)
    {
        int offset = large.Length - small.Length;
        if (offset < 0) return 0;
        int i = 0;
        while (i < small.Length && small[i] == 1) i++;
        int n = 1;
        for (; i < small.Length; i++)
        {
            if (small[i] != large[offset + i]) return 0;
            n *= small[i];
        }
        return n;
    }

    /// <summary>
    /// When <paramref name="small"/> equals a prefix of <paramref name="large"/> followed by 1s (same rank), the size of
    /// the block each of its elements covers; else 0.
    /// </summary>
    internal static int PrefixBlock(ReadOnlySpan<int> small, ReadOnlySpan<int> large)
    {
        if (small.Length != large.Length) return 0;
        int end = small.Length;
        while (end > 0 && small[end - 1] == 1) end--;
        for (int i = 0; i < end; i++) if (small[i] != large[i]) return 0;
        int block = 1;
        for (int i = end; i < large.Length; i++) block *= large[i];
        return block;
    }
}
