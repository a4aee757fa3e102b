using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Sluice.Tensors.Execution;

/// <summary>Generic drivers for the elementwise operator structs, with the broadcasting patterns models use as fast paths.</summary>
internal static class Elementwise
{
    public static void Unary<T>(ReadOnlySpan<float> x, Span<float> z) where T : IUnaryOp
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            ref float xs = ref MemoryMarshal.GetReference(x);
            ref float zs = ref MemoryMarshal.GetReference(z);
            for (; i <= x.Length - 16; i += 16)
                T.Apply(Vector512.LoadUnsafe(ref xs, (nuint)i)).StoreUnsafe(ref zs, (nuint)i);
        }
        for (; i < x.Length; i++) z[i] = T.Apply(x[i]);
    }

    public static void Binary<T>(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> z) where T : IBinaryOp
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            ref float xs = ref MemoryMarshal.GetReference(x);
            ref float ys = ref MemoryMarshal.GetReference(y);
            ref float zs = ref MemoryMarshal.GetReference(z);
            for (; i <= z.Length - 16; i += 16)
                T.Apply(Vector512.LoadUnsafe(ref xs, (nuint)i), Vector512.LoadUnsafe(ref ys, (nuint)i)).StoreUnsafe(ref zs, (nuint)i);
        }
        for (; i < z.Length; i++) z[i] = T.Apply(x[i], y[i]);
    }

    public static void BinaryScalarRight<T>(ReadOnlySpan<float> x, float y, Span<float> z) where T : IBinaryOp
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var yv = Vector512.Create(y);
            ref float xs = ref MemoryMarshal.GetReference(x);
            ref float zs = ref MemoryMarshal.GetReference(z);
            for (; i <= z.Length - 16; i += 16)
                T.Apply(Vector512.LoadUnsafe(ref xs, (nuint)i), yv).StoreUnsafe(ref zs, (nuint)i);
        }
        for (; i < z.Length; i++) z[i] = T.Apply(x[i], y);
    }

    public static void BinaryScalarLeft<T>(float x, ReadOnlySpan<float> y, Span<float> z) where T : IBinaryOp
    {
        int i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            var xv = Vector512.Create(x);
            ref float ys = ref MemoryMarshal.GetReference(y);
            ref float zs = ref MemoryMarshal.GetReference(z);
            for (; i <= z.Length - 16; i += 16)
                T.Apply(xv, Vector512.LoadUnsafe(ref ys, (nuint)i)).StoreUnsafe(ref zs, (nuint)i);
        }
        for (; i < z.Length; i++) z[i] = T.Apply(x, y[i]);
    }

    /// <summary>z = x op y with NumPy broadcasting (dims of z are the broadcast of x's and y's).</summary>
    public static void Broadcast<T>(in Buf a, in Buf b, in Buf o) where T : IBinaryOp
    {
        var x = (ReadOnlySpan<float>)a.F;
        var y = (ReadOnlySpan<float>)b.F;
        var z = o.F;
        if (z.Length == 0) return;
        if (x.Length == z.Length && y.Length == z.Length) { Binary<T>(x, y, z); return; }
        if (y.Length == 1) { BinaryScalarRight<T>(x, y[0], z); return; }
        if (x.Length == 1) { BinaryScalarLeft<T>(x[0], y, z); return; }
        int inner;
        if (x.Length == z.Length && (inner = SuffixLength(b.Dims, o.Dims)) > 0)
        {
            // y repeats over the outer axes (a bias row): one vector pass per row.
            for (int r = 0; r < z.Length; r += inner) Binary<T>(x.Slice(r, inner), y, z.Slice(r, inner));
            return;
        }
        if (y.Length == z.Length && (inner = SuffixLength(a.Dims, o.Dims)) > 0)
        {
            for (int r = 0; r < z.Length; r += inner) Binary<T>(x, y.Slice(r, inner), z.Slice(r, inner));
            return;
        }
        if (x.Length == z.Length && (inner = PrefixBlock(b.Dims, o.Dims)) > 0)
        {
            // y holds one value per block of `inner` elements (x - max(x, keepdims) in a softmax).
            for (int r = 0, j = 0; r < z.Length; r += inner, j++) BinaryScalarRight<T>(x.Slice(r, inner), y[j], z.Slice(r, inner));
            return;
        }
        if (y.Length == z.Length && (inner = PrefixBlock(a.Dims, o.Dims)) > 0)
        {
            for (int r = 0, j = 0; r < z.Length; r += inner, j++) BinaryScalarLeft<T>(x[j], y.Slice(r, inner), z.Slice(r, inner));
            return;
        }
        General<T>(a, b, o);
    }

    /// <summary>Any broadcast, one element at a time, walking the output with per-operand strides.</summary>
    private static void General<T>(in Buf a, in Buf b, in Buf o) where T : IBinaryOp
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
    public static void Compare<T>(in Buf a, in Buf b, in Buf o) where T : IBinaryOp
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
