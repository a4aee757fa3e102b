namespace Sluice.Kernels;

/// <summary>Naive twins of <see cref="Gather"/>, <see cref="ScatterAdd"/> and <see cref="SegmentSum"/>: element loops. Tests only.</summary>
public static class SparseReference
{
    public static void GatherRows(ReadOnlySpan<float> table, int width, ReadOnlySpan<int> ids, Span<float> dst)
    {
        for (int i = 0; i < ids.Length; i++)
            for (int c = 0; c < width; c++) dst[i * width + c] = table[ids[i] * width + c];
    }

    public static void ScatterAddRows(ReadOnlySpan<float> src, int width, ReadOnlySpan<int> ids, Span<float> table)
    {
        for (int i = 0; i < ids.Length; i++)
            for (int c = 0; c < width; c++) table[ids[i] * width + c] += src[i * width + c];
    }

    public static void SegmentSumGatheredRows(ReadOnlySpan<float> table, int width, ReadOnlySpan<int> ids, ReadOnlySpan<int> segmentIds, Span<float> dst)
    {
        dst.Clear();
        for (int i = 0; i < ids.Length; i++)
            for (int c = 0; c < width; c++) dst[segmentIds[i] * width + c] += table[ids[i] * width + c];
    }
}
