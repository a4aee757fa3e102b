using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Sluice.Data.Schema;

/// <summary>Reads and writes <see cref="DataSchema"/> as JSON or YAML (camelCase keys and enum values).</summary>
public static class SchemaSerializer
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false) },
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        AllowTrailingCommas = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
    };

    private static readonly ISerializer YamlWriter = new SerializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .WithEnumNamingConvention(CamelCaseNamingConvention.Instance)
        .ConfigureDefaultValuesHandling(DefaultValuesHandling.OmitNull)
        .Build();

    private static readonly IDeserializer YamlReader = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .WithEnumNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    public static string ToJson(DataSchema schema) => JsonSerializer.Serialize(schema, Json);

    public static string ToYaml(DataSchema schema) => YamlWriter.Serialize(schema);

    /// <summary>Parses and validates a JSON schema; errors name the JSON path (and <paramref name="file"/> when given).</summary>
    public static DataSchema FromJson(string json, string? file = null)
    {
        DataSchema? schema;
        try
        {
            schema = JsonSerializer.Deserialize<DataSchema>(json, Json);
        }
        catch (JsonException e)
        {
            string where = e.LineNumber is long line ? $" (line {line + 1})" : "";
            throw new DataSchemaException(e.Path ?? "$", $"{FirstSentence(e.Message)}{where}", file, e);
        }
        if (schema is null) throw new DataSchemaException("$", "the document is empty", file);
        ValidateIn(schema, file);
        return schema;
    }

    /// <summary>Parses and validates a YAML schema; errors name the key path and line.</summary>
    public static DataSchema FromYaml(string yaml, string? file = null)
    {
        DataSchema? schema;
        try
        {
            schema = YamlReader.Deserialize<DataSchema>(yaml);
        }
        catch (YamlException e)
        {
            string problem = e.InnerException?.Message ?? e.Message;
            if (problem.StartsWith("Requested value", StringComparison.Ordinal))
                problem += " Allowed: kind float32|int64|string, format auto|csv|jsonLines, onError fail|skip.";
            throw new DataSchemaException($"(line {e.Start.Line}, column {e.Start.Column})", FirstSentence(problem), file, e);
        }
        if (schema is null) throw new DataSchemaException("$", "the document is empty", file);
        ValidateIn(schema, file);
        return schema;
    }

    /// <summary>Loads a schema from a <c>.json</c>, <c>.yaml</c> or <c>.yml</c> file.</summary>
    public static DataSchema Load(string path)
    {
        string text = File.ReadAllText(path);
        return IsYaml(path) ? FromYaml(text, path) : FromJson(text, path);
    }

    /// <summary>Writes a schema atomically (temp file, flush, rename); YAML or JSON by extension.</summary>
    public static void Save(DataSchema schema, string path)
    {
        string text = IsYaml(path) ? ToYaml(schema) : ToJson(schema) + "\n";
        AtomicFile.WriteAllBytes(path, Encoding.UTF8.GetBytes(text));
    }

    private static bool IsYaml(string path) =>
        path.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || path.EndsWith(".yml", StringComparison.OrdinalIgnoreCase);

    private static void ValidateIn(DataSchema schema, string? file)
    {
        try
        {
            schema.Validate();
        }
        catch (DataSchemaException e) when (file is not null)
        {
            throw new DataSchemaException(e.Path, e.Message[(e.Message.IndexOf(": ", StringComparison.Ordinal) + 2)..], file, e);
        }
    }

    private static string FirstSentence(string message)
    {
        int path = message.IndexOf(" Path:", StringComparison.Ordinal);
        return path > 0 ? message[..path] : message;
    }
}
