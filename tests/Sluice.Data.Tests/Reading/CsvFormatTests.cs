using System.Text;
using Sluice.Data.Columns;
using Sluice.Data.Reading;
using static Sluice.Data.Tests.Reading.CsvTestFiles;

namespace Sluice.Data.Tests.Reading;

/// <summary>RFC 4180 details: quotes, doubled quotes, newlines inside quotes, CRLF, BOM, header matching.</summary>
public sealed class CsvFormatTests
{
    private static readonly (string, ColumnKind)[] NameScore = [("name", ColumnKind.String), ("score", ColumnKind.Float32)];

    [Fact]
    public void Quoted_fields_with_delimiters_doubled_quotes_and_newlines()
    {
        string csv = "name,score\n\"Smith, J\",1.5\n\"say \"\"hi\"\"\",2\n\"two\nlines\",3\n\"\",4\n";
        var batch = Read(csv, MakeSchema(columns: NameScore));

        Assert.Equal(["Smith, J", "say \"hi\"", "two\nlines", ""], Strings(batch, "name"));
        Assert.Equal([1.5f, 2f, 3f, 4f], Floats(batch, "score"));
        Assert.True(batch["name"].Missing[3]);   // "" is the empty missing token
    }

    [Fact]
    public void Crlf_line_endings_and_bom_are_handled()
    {
        byte[] bytes = [0xEF, 0xBB, 0xBF, .. "name,score\r\nada,1\r\n\"b\r\nc\",2\r\nzed,3"u8];
        var batch = Read(bytes, MakeSchema(columns: NameScore), out _);

        Assert.Equal(["ada", "b\r\nc", "zed"], Strings(batch, "name"));
        Assert.Equal([1f, 2f, 3f], Floats(batch, "score"));
    }

    [Fact]
    public void Header_maps_columns_by_name_and_ignores_extra_ones()
    {
        var batch = Read("id,score,extra,name\n1,0.5,x,ann\n2,0.25,y,bob\n", MakeSchema(columns: NameScore));

        Assert.Equal(["ann", "bob"], Strings(batch, "name"));
        Assert.Equal([0.5f, 0.25f], Floats(batch, "score"));
    }

    [Fact]
    public void Header_without_a_schema_column_is_an_error_naming_it()
    {
        var error = Assert.Throws<DataFormatException>(() => Read("name,points\nann,1\n", MakeSchema(columns: NameScore)));
        Assert.Equal(1, error.Line);
        Assert.Contains("'score'", error.Message);
        Assert.Contains("name, points", error.Message);
    }

    [Fact]
    public void Whitespace_is_trimmed_around_fields_and_outside_quotes_only()
    {
        var batch = Read("name , score\n  ann  ,  1.5 \n \" padded \" , 2\n", MakeSchema(columns: NameScore));

        Assert.Equal(["ann", " padded "], Strings(batch, "name"));
        Assert.Equal([1.5f, 2f], Floats(batch, "score"));
    }

    [Fact]
    public void Skip_lines_comments_and_empty_lines()
    {
        var schema = MakeSchema(columns: NameScore);
        schema.Read.SkipLines = 2;
        schema.Read.CommentPrefix = "#";
        var batch = Read("garbage line 1\ngarbage, \"line 2\n# comment\nname,score\n\nann,1\n# another\n\nbob,2\n\n", schema);

        Assert.Equal(["ann", "bob"], Strings(batch, "name"));
    }

    [Fact]
    public void Missing_tokens_mark_cells_missing_in_every_kind()
    {
        var schema = MakeSchema(columns: [("name", ColumnKind.String), ("score", ColumnKind.Float32), ("count", ColumnKind.Int64)]);
        var batch = Read("name,score,count\n?,NA,\nann,1,7\n", schema);

        Assert.True(batch["name"].Missing[0] && batch["score"].Missing[0] && batch["count"].Missing[0]);
        Assert.False(batch["name"].Missing[1] || batch["score"].Missing[1] || batch["count"].Missing[1]);
        Assert.Equal(7L, ((Int64Column)batch["count"]).Values[1]);
        Assert.Equal(0f, ((FloatColumn)batch["score"]).Values[0]);
    }

    [Fact]
    public void Records_longer_than_the_read_buffer_are_reassembled()
    {
        // A 3 MB quoted field forces the 1 MB window to grow and the quoted-record parser to restart.
        string big = new string('x', 3_000_000);
        var batch = Read($"name,score\n\"{big}\n{big}\",1\nann,2\n", MakeSchema(columns: NameScore));

        Assert.Equal(2, batch.RowCount);
        Assert.Equal(big.Length * 2 + 1, ((StringColumn)batch["name"]).GetBytes(0).Length);
        Assert.Equal([1f, 2f], Floats(batch, "score"));
    }

    [Fact]
    public void Many_rows_across_buffer_boundaries_keep_their_values()
    {
        var text = new StringBuilder("name,score\n");
        for (int i = 0; i < 200_000; i++) text.Append(i % 7 == 0 ? $"\"n,{i}\"" : $"n{i}").Append(',').Append(i * 0.5f).Append('\n');
        var batch = Read(text.ToString(), MakeSchema(columns: NameScore));

        Assert.Equal(200_000, batch.RowCount);
        var names = (StringColumn)batch["name"];
        for (int i = 0; i < 200_000; i += 997)
        {
            Assert.Equal(i % 7 == 0 ? $"n,{i}" : $"n{i}", names.GetString(i));
            Assert.Equal(i * 0.5f, ((FloatColumn)batch["score"]).Values[i]);
        }
    }
}
