using Sluice.Data.Columns;

namespace Sluice.Estimators.Tests;

/// <summary>Builds small column batches for tests: strings (null = missing), floats (NaN = missing), longs.</summary>
internal static class Batches
{
    public static StringColumn Strings(string name, params string?[] values)
    {
        var c = new StringColumn(name, values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            c.Append(values[i] ?? "");
            c.Missing[i] = values[i] is null;
        }
        return c;
    }

    public static FloatColumn Floats(string name, params float[] values)
    {
        var c = new FloatColumn(name, values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            c.Values[i] = float.IsNaN(values[i]) ? 0 : values[i];
            c.Missing[i] = float.IsNaN(values[i]);
        }
        return c;
    }

    public static Int64Column Longs(string name, params long[] values)
    {
        var c = new Int64Column(name, values.Length);
        values.CopyTo(c.Values);
        return c;
    }

    public static ColumnBatch Of(params Column[] columns) => new(columns) { RowCount = columns[0].Capacity };
}
