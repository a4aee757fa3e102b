using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Data.Columns;

namespace Sluice.Estimators.Export;

/// <summary>
/// Fills a predictor's input batch from JSON instances (objects keyed by input name, TF Serving / ML Engine row
/// format). Values may be given bare or as a one-element list; a missing or null field is a missing cell; fields the
/// model does not read (e.g. unused CSV columns) are ignored. Errors name the instance index and field.
/// </summary>
public static class InstanceReader
{
    public static void Fill(ColumnBatch batch, IReadOnlyList<JsonObject> instances, ModelSignature signature)
    {
        batch.Reset();
        foreach (var column in batch.Columns) column.EnsureCapacity(instances.Count, 0);
        for (int i = 0; i < instances.Count; i++)
        {
            var instance = instances[i];
            foreach (var input in signature.Inputs)
            {
                var column = batch[input.Name];
                var node = instance[input.Name];
                if (node is JsonArray { Count: 1 } single) node = single[0];
                if (node is null)
                {
                    if (input.Required) throw new ArgumentException($"instances[{i}].{input.Name}: is required (a numeric input without a default).");
                    column.Missing[i] = true;
                    if (column is StringColumn missingText) missingText.Append(ReadOnlySpan<byte>.Empty);
                    continue;
                }
                if (node is not JsonValue value) throw new ArgumentException($"instances[{i}].{input.Name}: must be a single value.");
                switch (column)
                {
                    case FloatColumn f: f.Values[i] = (float)Number(value, i, input.Name); break;
                    case Int64Column l:
                        double d = Number(value, i, input.Name);
                        if (d != Math.Floor(d)) throw new ArgumentException($"instances[{i}].{input.Name}: must be an integer (got {d}).");
                        l.Values[i] = (long)d;
                        break;
                    case StringColumn s:
                        s.Append(value.GetValueKind() == JsonValueKind.String ? value.GetValue<string>() : value.ToJsonString());
                        break;
                }
            }
        }
        batch.RowCount = instances.Count;
    }

    /// <summary>Parses instances from JSON Lines (one object per line), a JSON array, or <c>{"instances": [...]}</c>.</summary>
    public static List<JsonObject> Parse(string text, string source)
    {
        string trimmed = text.TrimStart();
        JsonNode? root = null;
        if (trimmed.StartsWith('[') || (trimmed.StartsWith('{') && trimmed.Contains("\"instances\"", StringComparison.Ordinal)))
        {
            try { root = JsonNode.Parse(text); }
            catch (JsonException) { root = null; }
        }
        if (root is JsonObject o && o["instances"] is JsonArray wrapped) root = wrapped;
        if (root is JsonArray array)
            return [.. array.Select((n, i) => n as JsonObject ?? throw new ArgumentException($"{source}: instances[{i}] must be an object keyed by input name."))];
        var list = new List<JsonObject>();
        int lineNumber = 0;
        foreach (string line in text.Split('\n'))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            try
            {
                list.Add(JsonNode.Parse(line) as JsonObject ?? throw new ArgumentException($"{source}:{lineNumber}: each line must be a JSON object keyed by input name."));
            }
            catch (JsonException e)
            {
                throw new ArgumentException($"{source}:{lineNumber}: not valid JSON: {e.Message}", e);
            }
        }
        return list;
    }

    private static double Number(JsonValue value, int index, string name) => value.GetValueKind() switch
    {
        JsonValueKind.Number => Serialization.JsonFields.NumberOf(value),
        JsonValueKind.String when double.TryParse(value.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) => d,
        _ => throw new ArgumentException($"instances[{index}].{name}: must be a number (got {value.ToJsonString()})."),
    };
}
