namespace Sluice.Kernels;

/// <summary>Row scatter-adds into a row table (the gradient of <see cref="Gather.Rows"/>).</summary>
public static class ScatterAdd
{
    /// <summary>table[ids[i], :] += src[i, :] (repeated ids accumulate)</summary>
    /// <param name="src">(count, width)</param><param name="width">Row length.</param>
    /// <param name="ids">(count) row indices in [0, tableRows).</param><param name="table">(tableRows, width)</param>
    public static void Rows(ReadOnlySpan<float> src, int width, ReadOnlySpan<int> ids, Span<float> table)
    {
        int tableRows = Check.Rows(table.Length, width, nameof(table));
        Check.SameLength(ids.Length * width, src.Length, nameof(src));
        for (int i = 0; i < ids.Length; i++)
        {
            int id = SparseIds.Checked(ids, i, tableRows, nameof(ids));
            Span<float> row = table.Slice(id * width, width);
            Elementwise.Binary<BinaryOps.Add>(row, src.Slice(i * width, width), row);
        }
    }
}
