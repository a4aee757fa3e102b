using System.Text;
using Sluice.Data.Columns;
using Sluice.Data.Reading;
using Sluice.Data.Schema;

namespace Sluice.Data.Tests.Reading;

public sealed class JsonLinesTests
{
    private static DataSchema Schema(ErrorPolicy onError = ErrorPolicy.Fail) => new()
    {
        Columns = [new("name", ColumnKind.String), new("age", ColumnKind.Float32), new("visits", ColumnKind.Int64)],
        Read = new ReadOptions { Format = DataFormat.JsonLines, OnError = onError },
    };

    private static ColumnBatch Read(string text, DataSchema schema, out ReadReport report)
    {
        using var reader = new JsonLinesBatchReader(new MemoryStream(Encoding.UTF8.GetBytes(text)), schema, "rows.jsonl");
        var batch = schema.CreateBatch(2);
        reader.ReadToEnd(batch);
        report = reader.Report;
        return batch;
    }

    [Fact]
    public void Objects_fill_columns_by_key_with_nulls_and_absent_keys_missing()
    {
        string text = """
            {"age": 30.5, "name": "ann", "visits": 3, "extra": [1, {"x": 2}]}
            {"name": "b\u00e9\"q\"", "age": "41", "visits": null}

            {"visits": 7}
            {"name": "?", "age": 1e2, "visits": "12"}
            """;
        var batch = Read(text, Schema(), out var report);

        Assert.Equal(4, batch.RowCount);
        Assert.Equal(4, report.RowsRead);
        var names = (StringColumn)batch["name"];
        Assert.Equal("ann", names.GetString(0));
        Assert.Equal("bé\"q\"", names.GetString(1));
        Assert.True(batch["name"].Missing[2] && batch["name"].Missing[3]);
        Assert.Equal([30.5f, 41f, 0f, 100f], ((FloatColumn)batch["age"]).Values[..4].ToArray());
        Assert.True(batch["age"].Missing[2]);
        Assert.Equal([3L, 0L, 7L, 12L], ((Int64Column)batch["visits"]).Values[..4].ToArray());
        Assert.True(batch["visits"].Missing[1]);
    }

    [Theory]
    [InlineData("{\"name\": \"a\", \"age\": \"old\"}", 2, "age", "not a number")]
    [InlineData("{\"name\": \"a\", \"visits\": 1.5}", 3, "visits", "not an integer")]
    [InlineData("{\"name\": [1], \"age\": 1}", 1, "name", "found an array")]
    [InlineData("{\"name\": \"a\", ", 0, null, "invalid JSON")]
    [InlineData("[1, 2]", 0, null, "expected a JSON object")]
    public void Bad_lines_name_line_and_field(string bad, int field, string? column, string problem)
    {
        string text = "{\"name\": \"ok\", \"age\": 1, \"visits\": 1}\n\n" + bad + "\n{\"name\": \"after\"}\n";
        var error = Assert.Throws<DataFormatException>(() => Read(text, Schema(), out _));
        Assert.Equal(3, error.Line);
        Assert.Equal(field, error.Field);
        Assert.Equal(column, error.Column);
        Assert.Contains(problem, error.Problem);
        Assert.StartsWith("rows.jsonl:3:", error.Message);

        var batch = Read(text, Schema(ErrorPolicy.Skip), out var report);
        Assert.Equal(["ok", "after"], [((StringColumn)batch["name"]).GetString(0), ((StringColumn)batch["name"]).GetString(1)]);
        Assert.Equal(1, report.RowsSkipped);
    }
}
