using System.Text.Json;

namespace Sluice.Board.Hparams;

/// <summary>Reads one trial's <c>hparams.json</c>; a bad file becomes a row with an error naming the file and where.</summary>
internal static class TrialFile
{
    public const string FileName = "hparams.json";

    public static TrialRecord Read(string path, string run)
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return Failed(path, run, $"{path}: cannot be read ({ex.Message}).");
        }
        try
        {
            using JsonDocument document = JsonDocument.Parse(bytes);
            return Parse(document.RootElement, path, run);
        }
        catch (JsonException ex)
        {
            return Failed(path, run, $"{path}: line {(ex.LineNumber ?? 0) + 1}: not valid JSON ({ex.Message}).");
        }
        catch (FormatException ex)
        {
            return Failed(path, run, $"{path}: {ex.Message}");
        }
    }

    private static TrialRecord Parse(JsonElement root, string path, string run)
    {
        if (root.ValueKind != JsonValueKind.Object) throw new FormatException("$: expected a JSON object.");
        var hyperparameters = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        if (root.TryGetProperty("hyperparameters", out JsonElement values))
        {
            if (values.ValueKind != JsonValueKind.Object) throw new FormatException($"$.hyperparameters: expected an object; got {values.ValueKind}.");
            foreach (JsonProperty value in values.EnumerateObject())
            {
                if (value.Value.ValueKind is JsonValueKind.Object or JsonValueKind.Array)
                    throw new FormatException($"$.hyperparameters.{value.Name}: expected a number, string or boolean; got {value.Value.ValueKind}.");
                hyperparameters[value.Name] = value.Value.Clone();
            }
        }
        long? finalStep = null;
        double? objective = null;
        if (root.TryGetProperty("finalMetric", out JsonElement final) && final.ValueKind != JsonValueKind.Null)
        {
            if (final.ValueKind != JsonValueKind.Object) throw new FormatException($"$.finalMetric: expected an object; got {final.ValueKind}.");
            finalStep = OptionalLong(final, "trainingStep", "$.finalMetric.trainingStep");
            objective = OptionalDouble(final, "objectiveValue", "$.finalMetric.objectiveValue");
        }
        return new TrialRecord(run, path,
            OptionalString(root, "tuningJobId"), OptionalString(root, "trialId"), OptionalString(root, "jobId"),
            hyperparameters, OptionalString(root, "metricTag"), OptionalString(root, "goal"), OptionalString(root, "state"),
            finalStep, objective, Error: null);
    }

    private static string? OptionalString(JsonElement obj, string name)
    {
        if (!obj.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null) return null;
        // Ids are strings in the contract; a number is accepted as its text (a hand-written "trialId": 3).
        return value.ValueKind switch
        {
            JsonValueKind.String => value.GetString(),
            JsonValueKind.Number => value.GetRawText(),
            _ => throw new FormatException($"$.{name}: expected a string; got {value.ValueKind}."),
        };
    }

    private static long? OptionalLong(JsonElement obj, string name, string jsonPath)
    {
        if (!obj.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.Number && value.TryGetInt64(out long number)) return number;
        if (value.ValueKind == JsonValueKind.String && long.TryParse(value.GetString(), System.Globalization.CultureInfo.InvariantCulture, out number)) return number;
        throw new FormatException($"{jsonPath}: expected an integer; got {value.GetRawText()}.");
    }

    private static double? OptionalDouble(JsonElement obj, string name, string jsonPath)
    {
        if (!obj.TryGetProperty(name, out JsonElement value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.Number) return value.GetDouble();
        throw new FormatException($"{jsonPath}: expected a number; got {value.GetRawText()}.");
    }

    private static TrialRecord Failed(string path, string run, string error) =>
        new(run, path, null, null, null, new Dictionary<string, JsonElement>(), null, null, null, null, null, error);
}
