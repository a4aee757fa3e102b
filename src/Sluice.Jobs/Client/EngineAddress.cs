using System.Text.Json;

namespace Sluice.Jobs.Client;

/// <summary>
/// Where <c>sluice jobs</c> finds the engine when <c>--url</c> is not given: <c>$SLUICE_ENGINE_URL</c>, else the
/// <c>engineUrl</c> of the CLI config file (<c>$SLUICE_CONFIG</c>, else <c>~/.sluice/config.json</c>, e.g.
/// <c>{"engineUrl": "http://trainer-host:8600"}</c>), else <c>http://127.0.0.1:8600</c>.
/// </summary>
public static class EngineAddress
{
    public const string Default = "http://127.0.0.1:8600";

    public static string ConfigPath()
        => Environment.GetEnvironmentVariable("SLUICE_CONFIG") is { Length: > 0 } path
            ? path
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".sluice", "config.json");

    /// <summary>The URL from the environment, the config file or the default. Throws <see cref="FormatException"/> naming the file and field when the file is bad.</summary>
    public static Uri Resolve() => Resolve(Environment.GetEnvironmentVariable("SLUICE_ENGINE_URL"), ConfigPath());

    public static Uri Resolve(string? environmentUrl, string configPath)
    {
        if (environmentUrl is { Length: > 0 }) return Parse(environmentUrl, "$SLUICE_ENGINE_URL");
        if (!File.Exists(configPath)) return new Uri(Default);
        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(configPath));
            root = document.RootElement.Clone();
        }
        catch (JsonException e) { throw new FormatException($"{configPath}: line {(e.LineNumber ?? 0) + 1}: not valid JSON ({e.Message})."); }
        if (root.ValueKind != JsonValueKind.Object) throw new FormatException($"{configPath}: expected a JSON object such as {{\"engineUrl\": \"http://host:8600\"}}.");
        if (!root.TryGetProperty("engineUrl", out var url)) return new Uri(Default);
        if (url.ValueKind != JsonValueKind.String) throw new FormatException($"{configPath}: engineUrl: expected a string; got {url.ValueKind}.");
        return Parse(url.GetString()!, $"{configPath}: engineUrl");
    }

    private static Uri Parse(string text, string source)
        => Uri.TryCreate(text, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"
            ? uri
            : throw new FormatException($"{source}: '{text}' is not an http(s) URL.");
}
