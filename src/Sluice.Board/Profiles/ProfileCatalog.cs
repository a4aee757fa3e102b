using System.Text.Json;

namespace Sluice.Board.Profiles;

/// <summary>
/// Dataset profiles (<c>sluice data describe --format json</c>) for the Data page: the files given with
/// <c>--profile</c>, then every <c>*.profile.json</c> under the logdir. Only files in this catalogue are ever served.
/// </summary>
internal sealed class ProfileCatalog(string logdir, IReadOnlyList<string> explicitFiles)
{
    public const string LogdirPattern = "*.profile.json";

    private static readonly EnumerationOptions Recursive = new() { RecurseSubdirectories = true, IgnoreInaccessible = true };

    private readonly string _logdir = Path.GetFullPath(logdir);
    private readonly string[] _explicit = [.. explicitFiles.Select(Path.GetFullPath)];

    /// <summary>Every known profile, checked now (files may change between requests).</summary>
    public List<ProfileEntry> List()
    {
        var paths = new List<string>(_explicit);
        if (Directory.Exists(_logdir))
        {
            try
            {
                var found = Directory.EnumerateFiles(_logdir, LogdirPattern, Recursive).ToList();
                found.Sort(StringComparer.Ordinal);
                foreach (string path in found)
                    if (!paths.Contains(path, StringComparer.Ordinal)) paths.Add(path);
            }
            catch (DirectoryNotFoundException)
            {
                // A directory vanished mid-walk; the next request rescans.
            }
        }
        return [.. paths.Select(Check)];
    }

    /// <summary>The profile document at <paramref name="path"/> if it is in the catalogue; null otherwise.</summary>
    public byte[]? TryRead(string path)
    {
        ProfileEntry? entry = List().FirstOrDefault(e => e.Path == path);
        if (entry is null || entry.Error is not null) return null;
        try
        {
            return File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Reads the file and checks the shape the page relies on: an object with a <c>columns</c> array of named columns.</summary>
    internal static ProfileEntry Check(string path)
    {
        string fallbackName = Path.GetFileName(path);
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new ProfileEntry(fallbackName, path, $"{path}: cannot be read ({ex.Message}).");
        }
        try
        {
            using JsonDocument document = JsonDocument.Parse(bytes);
            JsonElement root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return new ProfileEntry(fallbackName, path, $"{path}: $: expected a JSON object (the output of `sluice data describe --format json`).");
            if (!root.TryGetProperty("columns", out JsonElement columns) || columns.ValueKind != JsonValueKind.Array)
                return new ProfileEntry(fallbackName, path, $"{path}: $.columns: expected an array of column profiles.");
            int i = 0;
            foreach (JsonElement column in columns.EnumerateArray())
            {
                if (column.ValueKind != JsonValueKind.Object || !column.TryGetProperty("name", out JsonElement name) || name.ValueKind != JsonValueKind.String)
                    return new ProfileEntry(fallbackName, path, $"{path}: $.columns[{i}].name: expected a string.");
                if (column.TryGetProperty("histogram", out JsonElement histogram) && histogram.ValueKind is not (JsonValueKind.Array or JsonValueKind.Null))
                    return new ProfileEntry(fallbackName, path, $"{path}: $.columns[{i}].histogram: expected an array of bins.");
                i++;
            }
            string name2 = root.TryGetProperty("file", out JsonElement file) && file.ValueKind == JsonValueKind.String
                ? Path.GetFileName(file.GetString()!) : fallbackName;
            return new ProfileEntry(name2, path, null);
        }
        catch (JsonException ex)
        {
            return new ProfileEntry(fallbackName, path, $"{path}: line {(ex.LineNumber ?? 0) + 1}: not valid JSON ({ex.Message}).");
        }
    }
}
