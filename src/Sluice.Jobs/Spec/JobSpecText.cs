using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sluice.Jobs.Spec;

/// <summary>Spec text (JSON or YAML) to a raw JSON object, before validation (the CLI merges its flags into it).</summary>
public static class JobSpecText
{
    public static JsonObject ToJsonObject(string text, string? file = null)
    {
        JsonNode? root;
        if (text.TrimStart().StartsWith('{'))
        {
            try { root = JsonNode.Parse(text); }
            catch (JsonException e) { throw new JobSpecException($"(line {e.LineNumber + 1})", "invalid JSON.", file); }
        }
        else root = YamlJson.Parse(text, file);
        return root as JsonObject ?? throw new JobSpecException("(document)", "must be an object with jobId and trainingInput or predictionInput.", file);
    }
}
