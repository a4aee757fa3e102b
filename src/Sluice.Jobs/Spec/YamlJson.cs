using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace Sluice.Jobs.Spec;

/// <summary>
/// YAML to JSON nodes, so YAML and JSON specs share one validating reader. Plain scalars that look like numbers,
/// booleans or null become those; quoted scalars stay strings.
/// </summary>
internal static class YamlJson
{
    public static JsonNode? Parse(string yaml, string? file)
    {
        var stream = new YamlStream();
        try { stream.Load(new StringReader(yaml)); }
        catch (YamlException e)
        {
            throw new JobSpecException($"(line {e.Start.Line}, column {e.Start.Column})", e.InnerException?.Message ?? e.Message, file);
        }
        return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);
    }

    public static JsonNode? Convert(YamlNode node) => node switch
    {
        YamlMappingNode map => ToObject(map),
        YamlSequenceNode seq => new JsonArray([.. seq.Children.Select(Convert)]),
        YamlScalarNode scalar => Scalar(scalar),
        _ => null,
    };

    /// <summary>A scalar as a YAML plain scalar would read: number, boolean, null or string.</summary>
    public static JsonNode? ScalarFromText(string text)
    {
        if (text is "null" or "~" or "") return null;
        if (text is "true" or "True") return JsonValue.Create(true);
        if (text is "false" or "False") return JsonValue.Create(false);
        if (long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long l)) return JsonValue.Create(l);
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d)) return JsonValue.Create(d);
        return JsonValue.Create(text);
    }

    private static JsonObject ToObject(YamlMappingNode map)
    {
        var result = new JsonObject();
        foreach (var (key, value) in map.Children) result[((YamlScalarNode)key).Value ?? ""] = Convert(value);
        return result;
    }

    private static JsonNode? Scalar(YamlScalarNode scalar)
    {
        string text = scalar.Value ?? "";
        return scalar.Style is ScalarStyle.Plain ? ScalarFromText(text) : JsonValue.Create(text);
    }
}
