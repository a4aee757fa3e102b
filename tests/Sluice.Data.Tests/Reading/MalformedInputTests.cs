using Sluice.Data.Columns;
using Sluice.Data.Reading;
using Sluice.Data.Schema;
using static Sluice.Data.Tests.Reading.CsvTestFiles;

namespace Sluice.Data.Tests.Reading;

/// <summary>Each kind of bad input fails with the right file, line, field and text, or is skipped and reported.</summary>
public sealed class MalformedInputTests
{
    private static readonly (string, ColumnKind)[] Columns = [("name", ColumnKind.String), ("age", ColumnKind.Float32), ("visits", ColumnKind.Int64)];

    public static TheoryData<string, byte[], long, int, string?, string, string?> Cases => new()
    {
        { "wrong field count", "name,age,visits\nann,30,1\nbob,40\n"u8.ToArray(), 3, 0, null, "expected 3 fields, found 2", "bob,40" },
        { "too many fields", "name,age,visits\nann,30,1,9\n"u8.ToArray(), 2, 0, null, "expected 3 fields, found 4", "ann,30,1,9" },
        { "not a number", "name,age,visits\nann,30,1\nbob,forty,2\n"u8.ToArray(), 3, 2, "age", "not a number", "forty" },
        { "not an integer", "name,age,visits\nann,30,1.5\n"u8.ToArray(), 2, 3, "visits", "not an integer", "1.5" },
        { "unclosed quote", "name,age,visits\nann,30,1\n\"bob,40,2\ncid,50,3\n"u8.ToArray(), 3, 1, "name", "unclosed quote", "bob,40,2\ncid,50,3\n" },
        { "text after quote", "name,age,visits\n\"bo\"b,40,2\nann,30,1\n"u8.ToArray(), 2, 1, "name", "after a closing quote", "\"bo\"b" },
        { "invalid utf-8", [.. "name,age,visits\nann,30,1\n"u8, (byte)'b', 0xC3, 0x28, .. ",40,2\n"u8], 3, 1, "name", "invalid UTF-8", "b\uFFFD(" },
        { "line after quoted newline", "name,age,visits\n\"a\nb\",1,1\nbob,x,2\n"u8.ToArray(), 4, 2, "age", "not a number", "x" },
    };

    [Theory, MemberData(nameof(Cases))]
    public void Fail_policy_names_file_line_field_and_text(string kind, byte[] csv, long line, int field, string? column, string problem, string? text)
    {
        var error = Assert.Throws<DataFormatException>(() => Read(csv, MakeSchema(columns: Columns), out _));

        Assert.True(line == error.Line, $"{kind}: line {error.Line}, expected {line}: {error.Message}");
        Assert.Equal(field, error.Field);
        Assert.Equal(column, error.Column);
        Assert.Contains(problem, error.Problem);
        Assert.Equal(text, error.Text);
        Assert.StartsWith($"test.csv:{line}:", error.Message);
    }

    [Fact]
    public void Skip_policy_drops_bad_rows_and_reports_where()
    {
        string csv = "name,age,visits\nann,30,1\nbob,40\ncid,x,3\ndan,50,4\n\"eve,60,5\n";
        var batch = Read(System.Text.Encoding.UTF8.GetBytes(csv), MakeSchema(onError: ErrorPolicy.Skip, columns: Columns), out var report);

        Assert.Equal(["ann", "dan"], Strings(batch, "name"));
        Assert.Equal([30f, 50f], Floats(batch, "age"));
        Assert.Equal(4L, ((Int64Column)batch["visits"]).Values[1]);
        Assert.Equal(2, report.RowsRead);
        Assert.Equal(3, report.RowsSkipped);
        Assert.Equal([3L, 4L, 6L], report.SkippedExamples.Select(e => e.Line));
        Assert.Contains("3 malformed rows skipped", report.ToString());
    }

    [Fact]
    public void A_skipped_row_leaves_no_partial_values_behind()
    {
        // Row 2 fails on its last field after its string and float cells were staged.
        string csv = "name,age,visits\nann,30,1\nbob,40,oops\ncid,50,3\n";
        var batch = Read(System.Text.Encoding.UTF8.GetBytes(csv), MakeSchema(onError: ErrorPolicy.Skip, columns: Columns), out _);

        Assert.Equal(["ann", "cid"], Strings(batch, "name"));
        Assert.Equal([30f, 50f], Floats(batch, "age"));
        Assert.Equal(2, ((StringColumn)batch["name"]).RowCount);
    }

    [Fact]
    public void Reading_a_file_names_its_path()
    {
        using var dir = new TestKit.TempDirectory();
        string path = dir.Combine("people.csv");
        File.WriteAllText(path, "name,age,visits\nann,thirty,1\n");
        var error = Assert.Throws<DataFormatException>(() => DataReader.ReadAll(path, MakeSchema(columns: Columns)));
        Assert.Equal(path, error.File);
        Assert.StartsWith($"{path}:2: field 2 ('age'): not a number", error.Message);
    }
}
