namespace Sluice.Tensors.Execution;

/// <summary>Row-major stride helpers for walking broadcast and permuted views one element at a time.</summary>
internal static class Strides
{
    /// <summary>Strides of <paramref name="dims"/> aligned to <paramref name="outDims"/>'s rank; 0 on broadcast axes.</summary>
    public static void Broadcast(ReadOnlySpan<int> dims, ReadOnlySpan<int> outDims, Span<int> strides)
    {
        int offset = outDims.Length - dims.Length;
        int stride = 1;
        for (int d = outDims.Length - 1; d >= 0; d--)
        {
            int size = d < offset ? 1 : dims[d - offset];
            strides[d] = size == 1 ? 0 : stride;
            stride *= size;
        }
    }

    public static void RowMajor(ReadOnlySpan<int> dims, Span<int> strides)
    {
        int stride = 1;
        for (int d = dims.Length - 1; d >= 0; d--)
        {
            strides[d] = stride;
            stride *= dims[d];
        }
    }

    /// <summary>Advances a row-major multi-index over <paramref name="dims"/>, keeping two operand offsets in step.</summary>
    public static void Advance(Span<int> idx, ReadOnlySpan<int> dims, int rank, ReadOnlySpan<int> sa, ref int ia, ReadOnlySpan<int> sb, ref int ib)
    {
        for (int d = rank - 1; d >= 0; d--)
        {
            ia += sa[d];
            ib += sb[d];
            if (++idx[d] < dims[d]) return;
            ia -= sa[d] * idx[d];
            ib -= sb[d] * idx[d];
            idx[d] = 0;
        }
    }
}
