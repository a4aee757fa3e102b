namespace Sluice.Tensors.Execution;

/// <summary>Data movement kernels: permute, concat, slice and its gradient, broadcast, cast. Generic over the element type.</summary>
internal static class Movement
{
    public static void Permute<T>(ReadOnlySpan<T> x, ReadOnlySpan<int> xDims, int[] perm, Span<T> z, ReadOnlySpan<int> zDims)
    {
        int rank = perm.Length;
        if (rank == 2)
        {
            // Plain transpose, in 16×16 tiles so both sides stay in cache.
            int rows = xDims[0], cols = xDims[1];
            const int Tile = 16;
            for (int r0 = 0; r0 < rows; r0 += Tile)
                for (int c0 = 0; c0 < cols; c0 += Tile)
                    for (int r = r0; r < Math.Min(r0 + Tile, rows); r++)
                        for (int c = c0; c < Math.Min(c0 + Tile, cols); c++)
                            z[c * rows + r] = x[r * cols + c];
            return;
        }
        Span<int> sx = stackalloc int[Shape.MaxRank], sp = stackalloc int[Shape.MaxRank], none = stackalloc int[Shape.MaxRank];
        Span<int> idx = stackalloc int[Shape.MaxRank];
        Strides.RowMajor(xDims, sx);
        for (int d = 0; d < rank; d++) sp[d] = sx[perm[d]];
        none.Clear();
        idx.Clear();
        int ix = 0, unused = 0;
        for (int i = 0; i < z.Length; i++)
        {
            z[i] = x[ix];
            Strides.Advance(idx, zDims, rank, sp, ref ix, none, ref unused);
        }
    }

    public static void Concat<T>(ReadOnlySpan<Buf> inputs, int axis, Span<T> z, ReadOnlySpan<int> zDims)
    {
        int outer = 1, inner = 1;
        for (int d = 0; d < axis; d++) outer *= zDims[d];
        for (int d = axis + 1; d < zDims.Length; d++) inner *= zDims[d];
        int rowOut = zDims[axis] * inner, at = 0;
        foreach (var input in inputs)
        {
            var x = input.As<T>();
            int chunk = input.Dims[axis] * inner;
            for (int o = 0; o < outer; o++) x.Slice(o * chunk, chunk).CopyTo(z.Slice(o * rowOut + at, chunk));
            at += chunk;
        }
    }

    public static void Slice<T>(ReadOnlySpan<T> x, ReadOnlySpan<int> xDims, SliceParams p, Span<T> z)
    {
        int outer = 1, inner = 1;
        for (int d = 0; d < p.Axis; d++) outer *= xDims[d];
        for (int d = p.Axis + 1; d < xDims.Length; d++) inner *= xDims[d];
        int rowIn = xDims[p.Axis] * inner, chunk = p.Length * inner;
        for (int o = 0; o < outer; o++) x.Slice(o * rowIn + p.Start * inner, chunk).CopyTo(z.Slice(o * chunk, chunk));
    }

    /// <summary>Zeros of z's shape with x written at <c>Start</c> along <c>Axis</c> (the gradient of Slice).</summary>
    public static void PadLike(ReadOnlySpan<float> x, ReadOnlySpan<int> xDims, SliceParams p, Span<float> z, ReadOnlySpan<int> zDims)
    {
        z.Clear();
        int outer = 1, inner = 1;
        for (int d = 0; d < p.Axis; d++) outer *= zDims[d];
        for (int d = p.Axis + 1; d < zDims.Length; d++) inner *= zDims[d];
        int rowOut = zDims[p.Axis] * inner, chunk = xDims[p.Axis] * inner;
        for (int o = 0; o < outer; o++) x.Slice(o * chunk, chunk).CopyTo(z.Slice(o * rowOut + p.Start * inner, chunk));
    }

    public static void BroadcastTo<T>(ReadOnlySpan<T> x, ReadOnlySpan<int> xDims, Span<T> z, ReadOnlySpan<int> zDims)
    {
        if (z.Length == 0) return;
        if (x.Length == z.Length) { x.CopyTo(z); return; }
        if (x.Length == 1) { z.Fill(x[0]); return; }
        int inner = Broadcasting.SuffixLength(xDims, zDims);
        if (inner > 0)
        {
            for (int r = 0; r < z.Length; r += inner) x.CopyTo(z.Slice(r, inner));
            return;
        }
        inner = Broadcasting.PrefixBlock(xDims, zDims);
        if (inner > 0)
        {
            for (int r = 0, j = 0; r < z.Length; r += inner, j++) z.Slice(r, inner).Fill(x[j]);
            return;
        }
        Span<int> sx = stackalloc int[Shape.MaxRank], none = stackalloc int[Shape.MaxRank], idx = stackalloc int[Shape.MaxRank];
        Strides.Broadcast(xDims, zDims, sx);
        none.Clear();
        idx.Clear();
        int ix = 0, unused = 0;
        for (int i = 0; i < z.Length; i++)
        {
            z[i] = x[ix];
            Strides.Advance(idx, zDims, zDims.Length, sx, ref ix, none, ref unused);
        }
    }

    public static void Cast(in Buf x, in Buf z)
    {
        int n = z.Length;
        switch (x.Data, z.Data)
        {
            case (float[], float[]): x.F.CopyTo(z.F); break;
            case (int[], int[]): x.I.CopyTo(z.I); break;
            case (long[], long[]): x.L.CopyTo(z.L); break;
            case (bool[], bool[]): x.B.CopyTo(z.B); break;
            case (float[], int[]): { var s = x.F; var d = z.I; for (int i = 0; i < n; i++) d[i] = (int)s[i]; break; }
            case (float[], long[]): { var s = x.F; var d = z.L; for (int i = 0; i < n; i++) d[i] = (long)s[i]; break; }
            case (float[], bool[]): { var s = x.F; var d = z.B; for (int i = 0; i < n; i++) d[i] = s[i] != 0f; break; }
            case (int[], float[]): { var s = x.I; var d = z.F; for (int i = 0; i < n; i++) d[i] = s[i]; break; }
            case (int[], long[]): { var s = x.I; var d = z.L; for (int i = 0; i < n; i++) d[i] = s[i]; break; }
            case (int[], bool[]): { var s = x.I; var d = z.B; for (int i = 0; i < n; i++) d[i] = s[i] != 0; break; }
            case (long[], float[]): { var s = x.L; var d = z.F; for (int i = 0; i < n; i++) d[i] = s[i]; break; }
            case (long[], int[]): { var s = x.L; var d = z.I; for (int i = 0; i < n; i++) d[i] = checked((int)s[i]); break; }
            case (long[], bool[]): { var s = x.L; var d = z.B; for (int i = 0; i < n; i++) d[i] = s[i] != 0; break; }
            case (bool[], float[]): { var s = x.B; var d = z.F; for (int i = 0; i < n; i++) d[i] = s[i] ? 1f : 0f; break; }
            case (bool[], int[]): { var s = x.B; var d = z.I; for (int i = 0; i < n; i++) d[i] = s[i] ? 1 : 0; break; }
            case (bool[], long[]): { var s = x.B; var d = z.L; for (int i = 0; i < n; i++) d[i] = s[i] ? 1 : 0; break; }
            default: throw new InvalidOperationException("Unsupported cast.");
        }
    }
}
