using System.Globalization;
using System.Text;

namespace Sluice.Learning.Checkpoints;

/// <summary>
/// TF's <c>checkpoint</c> state file in a model directory (text format, paths relative to the directory):
/// <code>
/// model_checkpoint_path: "model.ckpt-200"
/// all_model_checkpoint_paths: "model.ckpt-100"
/// all_model_checkpoint_paths: "model.ckpt-200"
/// </code>
/// </summary>
internal static class CheckpointState
{
    public const string FileName = "checkpoint";

    public static string Format(IReadOnlyList<string> allNames)
    {
        var text = new StringBuilder();
        if (allNames.Count > 0) text.Append(CultureInfo.InvariantCulture, $"model_checkpoint_path: \"{allNames[^1]}\"\n");
        foreach (string name in allNames) text.Append(CultureInfo.InvariantCulture, $"all_model_checkpoint_paths: \"{name}\"\n");
        return text.ToString();
    }

    /// <summary>Reads the state file; returns (latest, all) names, or empty when the file does not exist.</summary>
    public static (string? Latest, List<string> All) Read(string stateFile)
    {
        var all = new List<string>();
        string? latest = null;
        if (!File.Exists(stateFile)) return (null, all);
        int lineNumber = 0;
        foreach (string rawLine in File.ReadLines(stateFile))
        {
            lineNumber++;
            string line = rawLine.Trim();
            if (line.Length == 0) continue;
            int colon = line.IndexOf(':');
            if (colon < 0) throw new InvalidDataException($"{stateFile}:{lineNumber}: expected 'key: \"value\"', found '{line}'.");
            string key = line[..colon].Trim();
            string value = line[(colon + 1)..].Trim();
            if (value.Length < 2 || value[0] != '"' || value[^1] != '"')
                throw new InvalidDataException($"{stateFile}:{lineNumber}: the value of '{key}' must be a quoted string, found '{value}'.");
            value = value[1..^1];
            switch (key)
            {
                case "model_checkpoint_path": latest = value; break;
                case "all_model_checkpoint_paths": all.Add(value); break;
                default: break; // TF also writes timestamps here; they carry nothing we need
            }
        }
        if (latest is not null && !all.Contains(latest)) all.Add(latest);
        return (latest, all);
    }
}
