using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Data.Profiling;

/// <summary>The machine-readable form of a <see cref="DatasetProfile"/> (camelCase keys, nulls omitted).</summary>
public static class ProfileJson
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        WriteIndented = true,
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,   // a file, not HTML: keep quotes and ≤ readable
    };

    public static string Write(DatasetProfile profile) => JsonSerializer.Serialize(profile, Options);

    public static DatasetProfile Read(string json) =>
        JsonSerializer.Deserialize<DatasetProfile>(json, Options) ?? throw new JsonException("The profile document is empty.");
}
