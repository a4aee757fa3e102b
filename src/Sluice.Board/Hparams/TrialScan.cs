using Sluice.Events.Runs;

namespace Sluice.Board.Hparams;

/// <summary>Finds every trial's <c>hparams.json</c> under the logdir (a tuning job dir holds one per trial dir).</summary>
internal static class TrialScan
{
    private static readonly EnumerationOptions Recursive = new() { RecurseSubdirectories = true, IgnoreInaccessible = true };

    /// <summary>Trials sorted by run name; empty when the logdir does not exist.</summary>
    public static List<TrialRecord> Find(string logdir)
    {
        var trials = new List<TrialRecord>();
        if (!Directory.Exists(logdir)) return trials;
        try
        {
            foreach (string path in Directory.EnumerateFiles(logdir, TrialFile.FileName, Recursive))
                trials.Add(TrialFile.Read(path, RunDiscovery.RunName(logdir, Path.GetDirectoryName(path)!)));
        }
        catch (DirectoryNotFoundException)
        {
            // A directory vanished mid-walk (a trial dir deleted): show what was found; the next request rescans.
        }
        trials.Sort((a, b) => string.CompareOrdinal(a.Run, b.Run));
        return trials;
    }
}
