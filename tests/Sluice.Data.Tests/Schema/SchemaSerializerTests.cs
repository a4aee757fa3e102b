using Sluice.Data.Columns;
using Sluice.Data.Schema;
using Sluice.TestKit;

namespace Sluice.Data.Tests.Schema;

public sealed class SchemaSerializerTests
{
    [Fact]
    public void Json_round_trip_uses_camel_case_keys_and_values()
    {
        var schema = Census.Schema();
        string json = SchemaSerializer.ToJson(schema);

        Assert.Contains("\"columns\"", json);
        Assert.Contains("\"kind\": \"float32\"", json);
        Assert.Contains("\"stripSuffix\": \".\"", json);
        Assert.Contains("\"commentPrefix\": \"|\"", json);
        AssertSame(schema, SchemaSerializer.FromJson(json));
    }

    [Fact]
    public void Yaml_round_trip_uses_camel_case_keys_and_values()
    {
        var schema = Census.Schema(ColumnKind.Int64);
        schema.Columns[1].Vocabulary = ["Private", "Self-emp-not-inc"];
        string yaml = SchemaSerializer.ToYaml(schema);

        Assert.Contains("kind: int64", yaml);
        Assert.Contains("trimWhitespace: true", yaml);
        Assert.Contains("missingTokens:", yaml);
        var back = SchemaSerializer.FromYaml(yaml);
        AssertSame(schema, back);
        Assert.Equal(["Private", "Self-emp-not-inc"], back.Columns[1].Vocabulary!);
    }

    [Fact]
    public void Handwritten_yaml_with_defaults_loads()
    {
        var schema = SchemaSerializer.FromYaml("""
            columns:
              - name: CRIM
                kind: float32
              - name: CHAS
                kind: int64
            label: CHAS
            """);
        Assert.Equal(2, schema.Columns.Count);
        Assert.True(schema.Read.Header);
        Assert.Equal(',', schema.Read.Delimiter);
        Assert.Equal(["", "?", "NA"], schema.Read.MissingTokens);
    }

    [Theory]
    [InlineData("""{"columns":[{"name":"a","kind":"float32"},{"name":"a","kind":"string"}]}""", "columns[1].name")]
    [InlineData("""{"columns":[{"name":"a","kind":"double"}]}""", "$.columns[0].kind")]
    [InlineData("""{"columns":[{"name":"a"}],"label":"b"}""", "label")]
    [InlineData("""{"columns":[{"name":"a","kind":"int64","stripSuffix":"."}]}""", "columns[0].stripSuffix")]
    [InlineData("""{"columns":[{"name":"a"}],"read":{"delimitr":";"}}""", "$.read")]
    [InlineData("""{"columns":[]}""", "columns")]
    public void Invalid_json_names_the_path(string json, string path)
    {
        var error = Assert.Throws<DataSchemaException>(() => SchemaSerializer.FromJson(json, "bad.json"));
        Assert.StartsWith(path, error.Path);
        Assert.Contains("bad.json", error.Message);
    }

    [Fact]
    public void Invalid_yaml_names_the_line()
    {
        var error = Assert.Throws<DataSchemaException>(() => SchemaSerializer.FromYaml("columns:\n  - name: a\n    kind: decimal\n", "s.yaml"));
        Assert.Contains("line 3", error.Message);
        Assert.Contains("s.yaml", error.Message);
        Assert.Contains("float32|int64|string", error.Message);
    }

    [Fact]
    public void Save_and_load_by_extension()
    {
        using var dir = new TempDirectory();
        var schema = Census.Schema();
        foreach (string name in new[] { "census.schema.json", "census.schema.yaml" })
        {
            string path = dir.Combine("nested", name);
            SchemaSerializer.Save(schema, path);
            AssertSame(schema, SchemaSerializer.Load(path));
        }
        Assert.Equal(2, Directory.GetFiles(dir.Combine("nested")).Length);   // no temp files left behind
    }

    private static void AssertSame(DataSchema expected, DataSchema actual)
    {
        Assert.Equal(expected.Columns.Select(c => (c.Name, c.Kind, c.StripSuffix)), actual.Columns.Select(c => (c.Name, c.Kind, c.StripSuffix)));
        Assert.Equal(expected.Label, actual.Label);
        Assert.Equal(expected.Read.Header, actual.Read.Header);
        Assert.Equal(expected.Read.TrimWhitespace, actual.Read.TrimWhitespace);
        Assert.Equal(expected.Read.MissingTokens, actual.Read.MissingTokens);
        Assert.Equal(expected.Read.CommentPrefix, actual.Read.CommentPrefix);
        Assert.Equal(expected.Read.SkipLines, actual.Read.SkipLines);
        Assert.Equal(expected.Read.Delimiter, actual.Read.Delimiter);
        Assert.Equal(expected.Read.OnError, actual.Read.OnError);
    }
}
