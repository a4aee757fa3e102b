using System.Buffers.Text;
using Sluice.Data.Columns;

namespace Sluice.Estimators.FeatureColumns;

/// <summary>Reads a cell as UTF-8 text without allocating: string bytes as they are, integers formatted in a scratch span.</summary>
internal static class RawText
{
    /// <summary>Scratch size that fits any formatted Int64.</summary>
    public const int ScratchBytes = 24;

    /// <summary>false when the cell is missing or empty (TF drops '' cells of categorical inputs).</summary>
    public static bool TryRead(Column column, int row, Span<byte> scratch, out ReadOnlySpan<byte> text, string columnName)
    {
        text = default;
        if (column.Missing[row]) return false;
        switch (column)
        {
            case StringColumn s:
                text = s.GetBytes(row);
                return text.Length > 0;
            case Int64Column l:
                Utf8Formatter.TryFormat(l.Values[row], scratch, out int written);
                text = scratch[..written];
                return true;
            default:
                throw new FeatureColumnException(columnName, $"input '{column.Name}' is a {column.Kind} column; categorical columns read String or Int64 inputs.");
        }
    }
}
