using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sluice.Jobs.Spec;

/// <summary>Typed reads from one JSON object; every error names the JSON path of the field.</summary>
internal readonly struct SpecFields(JsonObject node, string path)
{
    public string At(string field) => path.Length == 0 ? field : $"{path}.{field}";

    public JsonNode? Raw(string field) => node[field];

    public void OnlyKnown(params string[] known)
    {
        foreach (var (key, _) in node)
            if (Array.IndexOf(known, key) < 0)
                throw new JobSpecException(At(key), $"unknown field; expected one of {string.Join(", ", known)}.");
    }

    public string String(string field) => OptionalString(field) ?? throw new JobSpecException(At(field), "is required.");

    public string? OptionalString(string field) => node[field] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
        _ => throw new JobSpecException(At(field), "must be a string."),
    };

    public double? OptionalDouble(string field) => node[field] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture),
        JsonValue v when v.GetValueKind() == JsonValueKind.String && double.TryParse(v.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) => d,
        _ => throw new JobSpecException(At(field), "must be a number."),
    };

    public int? OptionalInt(string field)
    {
        double? d = OptionalDouble(field);
        if (d is null) return null;
        if (d != Math.Floor(d.Value) || d > int.MaxValue || d < int.MinValue) throw new JobSpecException(At(field), $"must be an integer (got {d.Value.ToString(CultureInfo.InvariantCulture)}).");
        return (int)d.Value;
    }

    public bool? OptionalBool(string field) => node[field] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.True => true,
        JsonValue v when v.GetValueKind() == JsonValueKind.False => false,
        _ => throw new JobSpecException(At(field), "must be true or false."),
    };

    public SpecFields? OptionalObject(string field) => node[field] switch
    {
        null => null,
        JsonObject o => new SpecFields(o, At(field)),
        _ => throw new JobSpecException(At(field), "must be an object."),
    };

    public JsonArray? OptionalArray(string field) => node[field] switch
    {
        null => null,
        JsonArray a => a,
        _ => throw new JobSpecException(At(field), "must be a list."),
    };

    public IReadOnlyList<string>? OptionalStrings(string field)
    {
        if (OptionalArray(field) is not { } array) return null;
        var result = new List<string>(array.Count);
        for (int i = 0; i < array.Count; i++)
            result.Add(array[i] switch
            {
                JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
                JsonValue v when v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
                JsonArray or JsonObject => array[i]!.ToJsonString(),
                _ => throw new JobSpecException($"{At(field)}[{i}]", "must be a string."),
            });
        return result;
    }

    public T Enum<T>(string field, (string Name, T Value)[] table, T? fallback = null) where T : struct, System.Enum
    {
        string? text = OptionalString(field);
        if (text is null) return fallback ?? throw new JobSpecException(At(field), $"is required; one of {string.Join(", ", SpecNames.Names(table))}.");
        foreach (var (name, value) in table)
            if (string.Equals(name, text, StringComparison.OrdinalIgnoreCase)) return value;
        throw new JobSpecException(At(field), $"'{text}' is not one of {string.Join(", ", SpecNames.Names(table))}.");
    }
}
