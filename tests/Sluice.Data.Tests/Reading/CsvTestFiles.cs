using Sluice.Data.Columns;
using Sluice.Data.Reading;
using Sluice.Data.Schema;

namespace Sluice.Data.Tests.Reading;

/// <summary>Runs the CSV reader over in-memory bytes for the RFC 4180 and malformed-input tests.</summary>
internal static class CsvTestFiles
{
    public static DataSchema MakeSchema(bool header = true, ErrorPolicy onError = ErrorPolicy.Fail, params (string Name, ColumnKind Kind)[] columns)
    {
        var schema = new DataSchema { Read = new ReadOptions { Header = header, OnError = onError } };
        foreach (var (name, kind) in columns) schema.Columns.Add(new ColumnSchema(name, kind));
        return schema;
    }

    public static ColumnBatch Read(byte[] bytes, DataSchema schema, out ReadReport report, int bufferProbe = 0)
    {
        using var reader = new CsvBatchReader(new MemoryStream(bytes), schema, "test.csv");
        var batch = schema.CreateBatch(4);
        reader.ReadToEnd(batch);
        report = reader.Report;
        return batch;
    }

    public static ColumnBatch Read(string text, DataSchema schema) => Read(System.Text.Encoding.UTF8.GetBytes(text), schema, out _);

    public static string[] Strings(ColumnBatch batch, string column)
    {
        var strings = (StringColumn)batch[column];
        var result = new string[batch.RowCount];
        for (int i = 0; i < result.Length; i++) result[i] = strings.GetString(i);
        return result;
    }

    public static float[] Floats(ColumnBatch batch, string column) => ((FloatColumn)batch[column]).Values[..batch.RowCount].ToArray();
}
