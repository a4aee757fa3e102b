using Sluice.Data.Columns;
using Sluice.Serving.Protocol;
using Sluice.Serving.Servables;

namespace Sluice.Serving.Tests;

/// <summary>The JSON → column batch parser on its own: shapes, defaults, missing values, limits.</summary>
public sealed class RequestParserTests
{
    private static readonly ServingSignature Signature = new(
        [new ServingInput("x", ColumnKind.Float32, true, null), new ServingInput("n", ColumnKind.Int64, false, "7"),
         new ServingInput("s", ColumnKind.String, false, null)],
        ["predictions"], ServingHead.Regression, null);

    private static ColumnBatch Parse(string json, int max = 100) => RequestParser.ParsePredict(System.Text.Encoding.UTF8.GetBytes(json), Signature, max).Batch;

    [Fact]
    public void Rows_fill_columns_defaults_and_missing_flags()
    {
        var batch = Parse("""{"instances": [{"x": 1.5, "n": 3, "s": "a\u00e9"}, {"x": [2], "s": null}, {"x": -1e3}]}""");
        Assert.Equal(3, batch.RowCount);
        Assert.Equal([1.5f, 2f, -1000f], ((FloatColumn)batch["x"]).Values[..3].ToArray());
        Assert.Equal([3L, 7L, 7L], ((Int64Column)batch["n"]).Values[..3].ToArray());
        var s = (StringColumn)batch["s"];
        Assert.Equal("aé", s.GetString(0));
        Assert.True(s.Missing[1]);
        Assert.True(s.Missing[2]);
        Assert.False(s.Missing[0]);
    }

    [Fact]
    public void Columns_fill_the_same_batch_as_rows()
    {
        var rows = Parse("""{"instances": [{"x": 1, "n": 2, "s": "p"}, {"x": 3, "n": 4, "s": "q"}]}""");
        var columns = Parse("""{"inputs": {"s": ["p", "q"], "x": [1, 3], "n": [[2], [4]]}}""");
        Assert.Equal(rows.RowCount, columns.RowCount);
        Assert.Equal(((FloatColumn)rows["x"]).Values[..2].ToArray(), ((FloatColumn)columns["x"]).Values[..2].ToArray());
        Assert.Equal(((Int64Column)rows["n"]).Values[..2].ToArray(), ((Int64Column)columns["n"]).Values[..2].ToArray());
        Assert.Equal(((StringColumn)rows["s"]).GetString(1), ((StringColumn)columns["s"]).GetString(1));
    }

    [Theory]
    [InlineData("""{"instances": [{"x": 1, "n": 2.5}]}""", "instances[0].n: expected an integer")]
    [InlineData("""{"instances": [{"n": 2}]}""", "instances[0]: missing feature 'x'")]
    [InlineData("""{"instances": [{"x": 1, "x": 2}]}""", "instances[0]: feature 'x' is given twice")]
    [InlineData("""{"instances": [{"x": 1, "s": {"b64": "!!"}}]}""", "instances[0].s.b64: not valid base64")]
    [InlineData("""{"instances": [{"x": 1, "s": {"text": "a"}}]}""", "instances[0].s: an object value must be")]
    [InlineData("""{"inputs": {"n": [1]}}""", "inputs (instance 0): missing feature 'x'")]
    public void Errors_name_the_json_path(string json, string expected)
    {
        var error = Assert.Throws<ServingException>(() => Parse(json));
        Assert.Equal(400, error.StatusCode);
        Assert.StartsWith(expected, error.Message);
    }

    [Fact]
    public void More_instances_than_the_limit_is_413()
    {
        Assert.Equal(413, Assert.Throws<ServingException>(() => Parse("""{"instances": [{"x": 1}, {"x": 2}, {"x": 3}]}""", max: 2)).StatusCode);
        Assert.Equal(413, Assert.Throws<ServingException>(() => Parse("""{"inputs": {"x": [1, 2, 3]}}""", max: 2)).StatusCode);
        Assert.Equal(2, Parse("""{"instances": [{"x": 1}, {"x": 2}]}""", max: 2).RowCount);
    }
}
