namespace Sluice.Kernels;

/// <summary>
/// Sums rows into segments (TF's unsorted_segment_sum): the "sum" combiner of a multi-id embedding column and the
/// shape of a sparse gradient. Segment ids need not be sorted.
/// </summary>
public static class SegmentSum
{
    /// <summary>dst = 0; dst[segmentIds[i], :] += src[i, :]</summary>
    /// <param name="src">(count, width)</param><param name="width">Row length.</param>
    /// <param name="segmentIds">(count) in [0, segments).</param><param name="dst">(segments, width)</param>
    public static void Rows(ReadOnlySpan<float> src, int width, ReadOnlySpan<int> segmentIds, Span<float> dst)
    {
        Check.Rows(dst.Length, width, nameof(dst));
        dst.Clear();
        ScatterAdd.Rows(src, width, segmentIds, dst);
    }

    /// <summary>dst = 0; dst[segmentIds[i], :] += table[ids[i], :] (gather and combine in one pass, no temporary)</summary>
    /// <param name="table">(tableRows, width)</param><param name="width">Row length.</param>
    /// <param name="ids">(count) row indices in [0, tableRows).</param>
    /// <param name="segmentIds">(count) in [0, segments), e.g. the example each id belongs to.</param>
    /// <param name="dst">(segments, width)</param>
    public static void GatheredRows(ReadOnlySpan<float> table, int width, ReadOnlySpan<int> ids, ReadOnlySpan<int> segmentIds, Span<float> dst)
    {
        int tableRows = Check.Rows(table.Length, width, nameof(table));
        int segments = Check.Rows(dst.Length, width, nameof(dst));
        Check.SameLength(ids.Length, segmentIds.Length, nameof(segmentIds));
        dst.Clear();
        for (int i = 0; i < ids.Length; i++)
        {
            int id = SparseIds.Checked(ids, i, tableRows, nameof(ids));
            int segment = SparseIds.Checked(segmentIds, i, segments, nameof(segmentIds));
            Span<float> row = dst.Slice(segment * width, width);
            Elementwise.Binary<BinaryOps.Add>(row, table.Slice(id * width, width), row);
        }
    }
}
