using System.Text;
using Sluice.Data.Columns;
using Sluice.Data.Reading;
using Sluice.Data.Schema;
using static Sluice.Data.Tests.Reading.CsvTestFiles;

namespace Sluice.Data.Tests.Reading;

/// <summary>
/// Long quote-free files take the column-at-a-time block path; these check it agrees with the record path on
/// values, line numbers, CRLF, comments and empty lines, and hands errors deep inside a block to the record path.
/// </summary>
public sealed class BlockPathTests
{
    private static readonly (string, ColumnKind)[] Columns = [("name", ColumnKind.String), ("age", ColumnKind.Float32), ("visits", ColumnKind.Int64)];

    private static string Lines(int rows, Func<int, string> line, string newline = "\n")
    {
        var text = new StringBuilder("name,age,visits").Append(newline);
        for (int i = 0; i < rows; i++) text.Append(line(i)).Append(newline);
        return text.ToString();
    }

    [Theory]
    [InlineData("not a number", 2, "age")]
    [InlineData("wrong field count", 0, null)]
    [InlineData("invalid utf-8", 1, "name")]
    [InlineData("not an integer", 3, "visits")]
    public void Error_deep_in_a_long_file_names_its_line(string kind, int field, string? column)
    {
        const int badRow = 150_000;
        string csv = Lines(200_000, i => i != badRow ? $"n{i}, {i * 0.25}, {i}" : kind switch
        {
            "not a number" => $"n{i}, x{i}, {i}",
            "wrong field count" => $"n{i}, {i}",
            "invalid utf-8" => "n\uFFFF, 1, 1",
            _ => $"n{i}, 1, 1.5",
        });
        byte[] bytes = Encoding.UTF8.GetBytes(csv);
        if (kind == "invalid utf-8")
        {
            int at = csv.IndexOf('\uFFFF');
            bytes = [.. Encoding.UTF8.GetBytes(csv[..at]), 0xFF, .. Encoding.UTF8.GetBytes(csv[(at + 1)..])];
        }

        var error = Assert.Throws<DataFormatException>(() => Read(bytes, MakeSchema(columns: Columns), out _));
        Assert.Equal(badRow + 2, error.Line);
        Assert.Equal(field, error.Field);
        Assert.Equal(column, error.Column);

        var batch = Read(bytes, MakeSchema(onError: ErrorPolicy.Skip, columns: Columns), out var report);
        Assert.Equal(199_999, batch.RowCount);
        Assert.Equal(badRow + 2, Assert.Single(report.SkippedExamples).Line);
        Assert.Equal($"n{badRow + 1}", ((StringColumn)batch["name"]).GetString(badRow));
        Assert.Equal(badRow + 1, ((Int64Column)batch["visits"]).Values[badRow]);
    }

    [Fact]
    public void Crlf_comments_and_empty_lines_in_blocks()
    {
        var schema = MakeSchema(columns: Columns);
        schema.Read.CommentPrefix = "#";
        string csv = Lines(50_000, i => i % 1000 == 5 ? "# note, with, commas" : i % 1000 == 7 ? "" : $"n{i},{i},{i % 13}", newline: "\r\n");
        using var reader = new CsvBatchReader(new MemoryStream(Encoding.UTF8.GetBytes(csv + "n-last,1,2\r\nn,oops,3\r\n")), schema, "crlf.csv");
        var batch = schema.CreateBatch(16);
        var error = Assert.Throws<DataFormatException>(() => reader.ReadToEnd(batch));

        Assert.Equal(50_003, error.Line);   // header + 50,000 lines + the "n-last" line, then the bad one
        Assert.Equal(50_000 - 100 + 1, batch.RowCount);
        var names = (StringColumn)batch["name"];
        var ages = ((FloatColumn)batch["age"]).Values;
        int row = 0;
        for (int i = 0; i < 50_000; i++)
        {
            if (i % 1000 is 5 or 7) continue;
            Assert.Equal($"n{i}", names.GetString(row));
            Assert.Equal(i, ages[row]);
            row++;
        }
        Assert.Equal("n-last", names.GetString(row));
    }

    [Fact]
    public void Missing_tokens_and_suffixes_in_blocks()
    {
        var schema = MakeSchema(columns: Columns);
        schema.Columns[0].StripSuffix = ".";
        var batch = Read(Lines(10_000, i => i % 3 == 0 ? "?, NA, " : $"v{i % 5}., {i}, {i}"), schema);

        Assert.Equal(10_000, batch.RowCount);
        for (int i = 0; i < 10_000; i++)
        {
            Assert.Equal(i % 3 == 0, batch["name"].Missing[i]);
            Assert.Equal(i % 3 == 0, batch["age"].Missing[i]);
            Assert.Equal(i % 3 == 0, batch["visits"].Missing[i]);
            Assert.Equal(i % 3 == 0 ? "" : $"v{i % 5}", ((StringColumn)batch["name"]).GetString(i));
        }
    }
}
