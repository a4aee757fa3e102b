using Sluice.Data.Columns;

namespace Sluice.Serving.Batching;

/// <summary>Appends the rows of one batch to another with the same columns (coalescing requests into one batch).</summary>
internal static class ColumnCopy
{
    /// <summary>Appends all rows of <paramref name="source"/> after the <c>RowCount</c> rows of <paramref name="target"/>.</summary>
    public static void AppendRows(ColumnBatch source, ColumnBatch target)
    {
        int start = target.RowCount, rows = source.RowCount;
        var sourceColumns = source.Columns;
        var targetColumns = target.Columns;
        for (int c = 0; c < targetColumns.Count; c++)
        {
            var from = sourceColumns[c];
            var to = targetColumns[c];
            to.EnsureCapacity(start + rows, start);
            from.Missing[..rows].CopyTo(to.Missing[start..]);
            switch (from)
            {
                case FloatColumn f: f.Values[..rows].CopyTo(((FloatColumn)to).Values[start..]); break;
                case Int64Column l: l.Values[..rows].CopyTo(((Int64Column)to).Values[start..]); break;
                case StringColumn s:
                    var toStrings = (StringColumn)to;
                    for (int r = 0; r < rows; r++) toStrings.Append(s.GetBytes(r));
                    break;
            }
        }
        target.RowCount = start + rows;
    }
}
