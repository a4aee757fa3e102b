namespace Sluice.Kernels;

/// <summary>Row gathers from a row table (an embedding lookup).</summary>
public static class Gather
{
    /// <summary>dst[i, :] = table[ids[i], :]</summary>
    /// <param name="table">(tableRows, width)</param><param name="width">Row length.</param>
    /// <param name="ids">(count) row indices in [0, tableRows).</param><param name="dst">(count, width)</param>
    public static void Rows(ReadOnlySpan<float> table, int width, ReadOnlySpan<int> ids, Span<float> dst)
    {
        int tableRows = Check.Rows(table.Length, width, nameof(table));
        Check.SameLength(ids.Length * width, dst.Length, nameof(dst));
        for (int i = 0; i < ids.Length; i++)
        {
            int id = SparseIds.Checked(ids, i, tableRows, nameof(ids));
            table.Slice(id * width, width).CopyTo(dst.Slice(i * width, width));
        }
    }
}
