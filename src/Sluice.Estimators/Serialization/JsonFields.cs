using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Sluice.Estimators.Serialization;

/// <summary>Typed reads from a JSON object with errors that name the field path.</summary>
internal readonly struct JsonFields(JsonObject node, string path)
{
    public JsonObject Node => node;
    public string Path => path;

    public string At(string field) => path.Length == 0 ? field : $"{path}.{field}";

    public bool Has(string field) => node[field] is not null;

    public JsonNode? Raw(string field) => node[field];

    public string String(string field) => OptionalString(field) ?? throw new SpecFormatException(At(field), "is required.");

    public string? OptionalString(string field) => node[field] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonValue v when v.GetValueKind() is JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => v.ToJsonString(),
        _ => throw new SpecFormatException(At(field), "must be a string."),
    };

    public int Int(string field) => OptionalInt(field) ?? throw new SpecFormatException(At(field), "is required.");

    public int? OptionalInt(string field)
    {
        double? d = OptionalDouble(field);
        if (d is null) return null;
        if (d != Math.Floor(d.Value) || d > int.MaxValue || d < int.MinValue) throw new SpecFormatException(At(field), $"must be an integer (got {d}).");
        return (int)d.Value;
    }

    public long? OptionalLong(string field)
    {
        double? d = OptionalDouble(field);
        return d is null ? null : (long)d.Value;
    }

    public double? OptionalDouble(string field) => node[field] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() == JsonValueKind.Number => NumberOf(v),
        JsonValue v when v.GetValueKind() == JsonValueKind.String && double.TryParse(v.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out double d) => d,
        _ => throw new SpecFormatException(At(field), "must be a number."),
    };

    /// <summary>A number node as double, whether it was parsed from text or created from a CLR long/int/float.</summary>
    public static double NumberOf(JsonValue v)
        => v.TryGetValue(out double d) ? d
            : v.TryGetValue(out long l) ? l
            : v.TryGetValue(out int i) ? i
            : v.TryGetValue(out float f) ? f
            : v.TryGetValue(out decimal m) ? (double)m
            : double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture);

    public float? OptionalFloat(string field) => OptionalDouble(field) is { } d ? (float)d : null;

    public bool? OptionalBool(string field) => node[field] switch
    {
        null => null,
        JsonValue v when v.GetValueKind() is JsonValueKind.True or JsonValueKind.False => v.GetValue<bool>(),
        JsonValue v when v.GetValueKind() == JsonValueKind.String && bool.TryParse(v.GetValue<string>(), out bool b) => b,
        _ => throw new SpecFormatException(At(field), "must be true or false."),
    };

    public JsonArray? OptionalArray(string field) => node[field] switch
    {
        null => null,
        JsonArray a => a,
        _ => throw new SpecFormatException(At(field), "must be a list."),
    };

    public JsonFields? OptionalObject(string field) => node[field] switch
    {
        null => null,
        JsonObject o => new JsonFields(o, At(field)),
        _ => throw new SpecFormatException(At(field), "must be a mapping."),
    };

    public JsonFields Object(string field) => OptionalObject(field) ?? throw new SpecFormatException(At(field), "is required.");

    public List<string>? OptionalStrings(string field)
    {
        var array = OptionalArray(field);
        if (array is null) return null;
        var list = new List<string>(array.Count);
        for (int i = 0; i < array.Count; i++)
        {
            list.Add(array[i] is JsonValue v && v.GetValueKind() is JsonValueKind.String or JsonValueKind.Number
                ? (v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : v.ToJsonString())
                : throw new SpecFormatException($"{At(field)}[{i}]", "must be a string."));
        }
        return list;
    }

    public List<double>? OptionalNumbers(string field)
    {
        var array = OptionalArray(field);
        if (array is null) return null;
        var list = new List<double>(array.Count);
        for (int i = 0; i < array.Count; i++)
        {
            var item = new JsonObject { ["v"] = array[i]?.DeepClone() };
            list.Add(new JsonFields(item, $"{At(field)}[{i}]").OptionalDouble("v") ?? throw new SpecFormatException($"{At(field)}[{i}]", "must be a number."));
        }
        return list;
    }

    public TEnum Enum<TEnum>(string field, TEnum fallback) where TEnum : struct, Enum
    {
        string? text = OptionalString(field);
        if (text is null) return fallback;
        string normalized = text.Replace("_", "", StringComparison.Ordinal).Replace("-", "", StringComparison.Ordinal);
        if (System.Enum.TryParse<TEnum>(normalized, ignoreCase: true, out var value) && System.Enum.IsDefined(value)) return value;
        throw new SpecFormatException(At(field), $"'{text}' is not one of: {string.Join(", ", System.Enum.GetNames<TEnum>().Select(n => n.ToLowerInvariant()))}.");
    }

    public void OnlyKnown(params string[] known)
    {
        foreach (var (key, _) in node)
        {
            if (!known.Contains(key, StringComparer.Ordinal))
                throw new SpecFormatException(At(key), $"is not a known field here (known: {string.Join(", ", known)}).");
        }
    }
}
