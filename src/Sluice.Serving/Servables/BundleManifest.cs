using System.Security.Cryptography;
using System.Text.Json;

namespace Sluice.Serving.Servables;

/// <summary>
/// <c>manifest.json</c> of a version folder: <c>{"files": {"relative/path": "sha256 hex"}}</c>. Verifying it before
/// loading turns a half-copied or corrupted version into a clear FAILED state instead of wrong predictions.
/// </summary>
internal static class BundleManifest
{
    public const string FileName = "manifest.json";

    /// <summary>Checks every file listed in the manifest; throws <see cref="ServableLoadException"/> naming the first bad file.</summary>
    public static void Verify(string directory)
    {
        string manifestPath = Path.Combine(directory, FileName);
        if (!File.Exists(manifestPath)) throw new ServableLoadException($"{manifestPath}: manifest is missing.");
        Dictionary<string, string> files;
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllBytes(manifestPath));
            files = [];
            foreach (var entry in document.RootElement.GetProperty("files").EnumerateObject())
                files[entry.Name] = entry.Value.GetString() ?? "";
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException)
        {
            throw new ServableLoadException($"{manifestPath}: not a valid manifest ({e.Message}).", e);
        }
        foreach (var (relative, expected) in files)
        {
            string path = Path.Combine(directory, relative);
            if (!File.Exists(path)) throw new ServableLoadException($"{path}: listed in the manifest but missing.");
            string actual = Sha256Hex(path);
            if (!string.Equals(actual, expected, StringComparison.OrdinalIgnoreCase))
                throw new ServableLoadException($"{path}: SHA-256 {actual} does not match the manifest ({expected}); the file is corrupted or was replaced.");
        }
    }

    /// <summary>Writes a manifest listing <paramref name="relativeFiles"/> (for bundles the server itself writes, and tests).</summary>
    public static void Write(string directory, IEnumerable<string> relativeFiles)
    {
        var files = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (string relative in relativeFiles) files[relative] = Sha256Hex(Path.Combine(directory, relative));
        Sluice.Data.AtomicFile.WriteAllBytes(Path.Combine(directory, FileName), JsonSerializer.SerializeToUtf8Bytes(new { files }));
    }

    private static string Sha256Hex(string path)
    {
        using var stream = File.OpenRead(path);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }
}
