using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Data.Columns;
using Sluice.Estimators.Training;

namespace Sluice.Estimators.Export;

/// <summary>
/// A few raw example instances (JSON objects keyed by input name) kept so an export can carry warm-up requests for the
/// server. Training saves the first rows of its data to <c>warmup.json</c> in the model dir.
/// </summary>
internal static class WarmupStore
{
    public const string FileName = "warmup.json";
    public const int Count = 3;

    public static JsonArray FromBatch(ColumnBatch batch, ModelSignature signature, int count = Count)
    {
        var instances = new JsonArray();
        for (int r = 0; r < Math.Min(count, batch.RowCount); r++)
        {
            var instance = new JsonObject();
            foreach (var input in signature.Inputs)
            {
                if (!batch.TryGet(input.Name, out var column) || column.Missing[r]) continue;
                instance[input.Name] = column switch
                {
                    FloatColumn f => JsonValue.Create(f.Values[r]),
                    Int64Column l => JsonValue.Create(l.Values[r]),
                    StringColumn s => JsonValue.Create(s.GetString(r)),
                    _ => null,
                };
            }
            instances.Add(instance);
        }
        return instances;
    }

    public static void Save(string modelDirectory, JsonArray instances)
        => Sluice.Data.AtomicFile.WriteAllBytes(Path.Combine(modelDirectory, FileName), Encoding.UTF8.GetBytes(new JsonObject { ["instances"] = instances }.ToJsonString()));

    public static JsonArray Load(string modelDirectory)
    {
        string path = Path.Combine(modelDirectory, FileName);
        if (!File.Exists(path)) return [];
        try { return JsonNode.Parse(File.ReadAllText(path))?["instances"] as JsonArray is { } a ? (JsonArray)a.DeepClone() : []; }
        catch (JsonException) { return []; }
    }

    /// <summary>JSON instances as plain CLR values (double, long, string, bool, null) for the public API.</summary>
    public static IReadOnlyList<IReadOnlyDictionary<string, object?>> ToValues(JsonArray instances)
    {
        var list = new List<IReadOnlyDictionary<string, object?>>();
        foreach (var node in instances)
        {
            var dict = new Dictionary<string, object?>(StringComparer.Ordinal);
            if (node is JsonObject o)
                foreach (var (key, value) in o) dict[key] = Plain(value);
            list.Add(dict);
        }
        return list;
    }

    private static object? Plain(JsonNode? node) => node switch
    {
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => v.TryGetValue(out long l) ? l : Serialization.JsonFields.NumberOf(v),
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        _ => null,
    };
}
