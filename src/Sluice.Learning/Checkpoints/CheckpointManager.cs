using System.Globalization;

namespace Sluice.Learning.Checkpoints;

/// <summary>
/// Keeps checkpoints in a model directory with TF's conventions: files named <c>model.ckpt-&lt;step&gt;</c>, a
/// <c>checkpoint</c> state file naming the latest and every kept one, and only the last <see cref="MaxToKeep"/> kept.
/// </summary>
/// <remarks>
/// Each checkpoint is written atomically before the state file is (atomically) rewritten, so a crash at any point
/// leaves a state file that names only complete checkpoints. <see cref="RestoreLatest"/> falls back to the newest
/// checkpoint that passes verification, reporting the ones it had to reject.
/// </remarks>
public sealed class CheckpointManager
{
    /// <summary>TF's checkpoint file prefix.</summary>
    public const string Prefix = "model.ckpt-";

    private readonly List<string> _kept;

    /// <param name="modelDirectory">the model directory (created when missing)</param>
    /// <param name="maxToKeep">how many recent checkpoints to keep (TF RunConfig default 5); 0 keeps all</param>
    public CheckpointManager(string modelDirectory, int maxToKeep = 5)
    {
        ArgumentException.ThrowIfNullOrEmpty(modelDirectory);
        ArgumentOutOfRangeException.ThrowIfNegative(maxToKeep);
        ModelDirectory = Path.GetFullPath(modelDirectory);
        MaxToKeep = maxToKeep;
        Directory.CreateDirectory(ModelDirectory);
        _kept = LoadKeptNames();
    }

    public string ModelDirectory { get; }

    public int MaxToKeep { get; }

    /// <summary>Why the <c>checkpoint</c> state file was ignored (unparseable), or null; checkpoints were then found by file name.</summary>
    public string? StateFileProblem { get; private set; }

    /// <summary>The kept checkpoint files, oldest first (full paths).</summary>
    public IReadOnlyList<string> Checkpoints => _kept.ConvertAll(name => Path.Combine(ModelDirectory, name));

    /// <summary>The newest kept checkpoint's path, or null when there is none.</summary>
    public string? LatestPath => _kept.Count == 0 ? null : Path.Combine(ModelDirectory, _kept[^1]);

    /// <summary>The file name TF uses for the checkpoint of <paramref name="globalStep"/>.</summary>
    public static string FileNameFor(long globalStep) => Prefix + globalStep.ToString(CultureInfo.InvariantCulture);

    /// <summary>Writes <paramref name="checkpoint"/> as <c>model.ckpt-&lt;step&gt;</c>, updates the state file and deletes checkpoints beyond the last K.</summary>
    /// <returns>the path written</returns>
    public string Save(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        string name = FileNameFor(checkpoint.GlobalStep);
        string path = Path.Combine(ModelDirectory, name);
        CheckpointWriter.Write(path, checkpoint);

        _kept.Remove(name);
        _kept.Add(name);
        var removed = new List<string>();
        while (MaxToKeep > 0 && _kept.Count > MaxToKeep)
        {
            removed.Add(_kept[0]);
            _kept.RemoveAt(0);
        }
        WriteState();
        // Delete only after the state file stops naming them, so the state never points at a missing file.
        foreach (string old in removed) TryDelete(Path.Combine(ModelDirectory, old));
        return path;
    }

    /// <summary>Reads and verifies the checkpoint at <paramref name="path"/>; throws <see cref="CheckpointCorruptException"/> if unusable.</summary>
    public static Checkpoint Load(string path) => CheckpointReader.Read(path);

    /// <summary>
    /// The newest checkpoint that verifies, or null when the directory has none. Checkpoints that fail verification
    /// are skipped (newest first) and reported in <paramref name="rejected"/>, so a torn or corrupted latest file
    /// falls back to the previous one.
    /// </summary>
    public Checkpoint? RestoreLatest(out IReadOnlyList<CheckpointCorruptException> rejected)
    {
        var problems = new List<CheckpointCorruptException>();
        rejected = problems;
        for (int i = _kept.Count - 1; i >= 0; i--)
        {
            try
            {
                return CheckpointReader.Read(Path.Combine(ModelDirectory, _kept[i]));
            }
            catch (CheckpointCorruptException e)
            {
                problems.Add(e);
            }
        }
        return null;
    }

    private List<string> LoadKeptNames()
    {
        string stateFile = Path.Combine(ModelDirectory, CheckpointState.FileName);
        List<string> all;
        try
        {
            (_, all) = CheckpointState.Read(stateFile);
        }
        catch (InvalidDataException e)
        {
            // The state file is written atomically, so this means someone edited it; the files themselves still
            // carry their step in their names, so resuming stays possible.
            StateFileProblem = e.Message;
            all = [];
        }
        if (all.Count == 0)
        {
            // No state file (e.g. it was lost): rediscover checkpoint files by their TF names.
            foreach (string file in Directory.EnumerateFiles(ModelDirectory, Prefix + "*"))
            {
                string name = Path.GetFileName(file);
                if (TryParseStep(name, out _)) all.Add(name);
            }
        }
        all = all.Select(n => Path.GetFileName(n)).Distinct(StringComparer.Ordinal).ToList();
        all.Sort((a, b) => StepOf(a).CompareTo(StepOf(b)));
        return all;
    }

    private static long StepOf(string name) => TryParseStep(name, out long step) ? step : -1;

    private static bool TryParseStep(string name, out long step)
    {
        step = -1;
        return name.StartsWith(Prefix, StringComparison.Ordinal)
            && long.TryParse(name.AsSpan(Prefix.Length), NumberStyles.None, CultureInfo.InvariantCulture, out step);
    }

    private void WriteState()
    {
        string stateFile = Path.Combine(ModelDirectory, CheckpointState.FileName);
        string temporary = $"{stateFile}.tmp-{Environment.ProcessId}-{Guid.NewGuid():N}";
        using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
        using (var writer = new StreamWriter(stream))
        {
            writer.Write(CheckpointState.Format(_kept));
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        File.Move(temporary, stateFile, overwrite: true);
        DirectorySync.Flush(ModelDirectory);
    }

    private static void TryDelete(string path)
    {
        try { File.Delete(path); }
        catch (IOException) { /* a reader may hold it open; it is no longer listed */ }
        catch (UnauthorizedAccessException) { }
    }
}
