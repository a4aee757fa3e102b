using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Sluice.Estimators.Model;

namespace Sluice.Estimators.Training;

/// <summary>
/// Checkpoints in a model dir, TF-style: <c>model.ckpt-&lt;step&gt;</c> files (a <see cref="TensorFile"/> with all
/// variables and optimizer slots) and a text <c>checkpoint</c> state file naming the latest and the retained ones
/// (oldest first). Only the newest <c>keep</c> are kept (0 = all).
/// </summary>
internal sealed partial class CheckpointStore(string modelDirectory, int keep)
{
    public const string StateFileName = "checkpoint";

    public string Directory { get; } = modelDirectory;

    public string PathFor(long step) => Path.Combine(Directory, $"model.ckpt-{step}");

    public void Save(long step, IEnumerable<Variable> tensors)
    {
        System.IO.Directory.CreateDirectory(Directory);
        TensorFile.Write(PathFor(step), step, tensors);
        var retained = List().Where(s => s != step).Append(step).Order().ToList();
        if (keep > 0)
        {
            while (retained.Count > keep)
            {
                File.Delete(PathFor(retained[0]));
                retained.RemoveAt(0);
            }
        }
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"model_checkpoint_path: \"model.ckpt-{step}\"\n");
        foreach (long s in retained) text.Append(CultureInfo.InvariantCulture, $"all_model_checkpoint_paths: \"model.ckpt-{s}\"\n");
        TensorFile.AtomicWrite(Path.Combine(Directory, StateFileName), Encoding.UTF8.GetBytes(text.ToString()));
    }

    /// <summary>The step of the latest checkpoint per the state file, or null when there is none.</summary>
    public long? Latest()
    {
        string state = Path.Combine(Directory, StateFileName);
        if (!File.Exists(state)) return null;
        var match = LatestPattern().Match(File.ReadAllText(state));
        if (!match.Success) throw new InvalidDataException($"'{state}' has no model_checkpoint_path line.");
        return long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    /// <summary>Steps of the checkpoint files present.</summary>
    public IEnumerable<long> List()
    {
        if (!System.IO.Directory.Exists(Directory)) yield break;
        foreach (string file in System.IO.Directory.EnumerateFiles(Directory, "model.ckpt-*"))
        {
            var match = FilePattern().Match(Path.GetFileName(file));
            if (match.Success) yield return long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        }
    }

    [GeneratedRegex("model_checkpoint_path: \"model\\.ckpt-(\\d+)\"")]
    private static partial Regex LatestPattern();

    [GeneratedRegex("^model\\.ckpt-(\\d+)$")]
    private static partial Regex FilePattern();
}
