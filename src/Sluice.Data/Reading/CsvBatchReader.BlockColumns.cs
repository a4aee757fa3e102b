using Sluice.Data.Columns;
using Sluice.Data.Text;

namespace Sluice.Data.Reading;

/// <summary>
/// The block path's column passes: one tight loop per column kind over one field of every record in the block, with
/// no per-cell dispatch on the kind. Each returns false when a cell does not parse (the record path then reports it).
/// </summary>
public sealed partial class CsvBatchReader
{
    /// <param name="values">(records) the column's rows for this block</param>
    /// <param name="missing">(records) their missing flags</param>
    private bool ConvertFloats(BlockCells cells, Span<float> values, Span<bool> missing)
    {
        var tokens = _missingTokens;
        var block = cells.Block;
        for (int r = 0; r < values.Length; r++)
        {
            int start = cells.Locate(r, out int length);
            if (tokens.Contains(block.Slice(start, length)))
            {
                missing[r] = true;
                values[r] = 0;
                continue;
            }
            if (!Utf8Number.TryParseFloat(block, start, length, out values[r])) return false;
            missing[r] = false;
        }
        return true;
    }

    private bool ConvertLongs(BlockCells cells, Span<long> values, Span<bool> missing)
    {
        var tokens = _missingTokens;
        for (int r = 0; r < values.Length; r++)
        {
            var cell = cells[r];
            if (tokens.Contains(cell))
            {
                missing[r] = true;
                values[r] = 0;
                continue;
            }
            if (!Utf8Number.TryParseInt64(cell, out values[r])) return false;
            missing[r] = false;
        }
        return true;
    }

    private bool ConvertStrings(BlockCells cells, StringColumn column, Span<bool> missing, byte[]? suffix)
    {
        var block = cells.Block;
        // The cells are disjoint ranges of the block, so together they never exceed its length.
        column.Reserve(missing.Length, block.Length + StringColumn.CopySlack);
        var tokens = _missingTokens;
        for (int r = 0; r < missing.Length; r++)
        {
            int start = cells.Locate(r, out int length);
            var cell = block.Slice(start, length);
            if (tokens.Contains(cell))
            {
                missing[r] = true;
                column.AppendReserved(block, start, 0);
                continue;
            }
            missing[r] = false;
            if (suffix is not null && cell.EndsWith(suffix)) length -= suffix.Length;
            column.AppendReserved(block, start, length);
        }
        return true;
    }
}
