namespace Sluice.Events.Runs;

/// <summary>
/// Finds runs under a logdir: every directory (the logdir included) that directly contains an event file is one
/// run, so a model dir and its <c>eval/</c> are two runs, "." and "eval".
/// </summary>
public static class RunDiscovery
{
    /// <summary>All runs under <paramref name="logdir"/>, sorted by name.</summary>
    /// <exception cref="DirectoryNotFoundException">The logdir does not exist.</exception>
    public static IReadOnlyList<EventRun> Discover(string logdir)
    {
        string root = Path.GetFullPath(logdir);
        if (!Directory.Exists(root)) throw new DirectoryNotFoundException($"Logdir '{logdir}' does not exist.");

        var runs = new List<EventRun>();
        var pending = new Stack<string>();
        pending.Push(root);
        while (pending.Count > 0)
        {
            string directory = pending.Pop();
            var files = new List<string>();
            try
            {
                // FileSystemInfo carries the entry kind from the directory listing: no extra stat per entry, which
                // matters when the board rescans hundreds of model dirs every few seconds.
                foreach (FileSystemInfo entry in new DirectoryInfo(directory).EnumerateFileSystemInfos())
                {
                    if (entry is DirectoryInfo) pending.Push(entry.FullName);
                    else if (EventFileNames.IsEventFile(entry.Name)) files.Add(entry.FullName);
                }
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or DirectoryNotFoundException or IOException)
            {
                continue; // vanished or unreadable while walking: skip it this time, it is seen on the next scan
            }
            if (files.Count == 0) continue;
            files.Sort(CompareEventFiles);
            runs.Add(new EventRun(RunName(root, directory), directory, files));
        }
        runs.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        return runs;
    }

    /// <summary>The run name of <paramref name="directory"/> relative to <paramref name="root"/>.</summary>
    public static string RunName(string root, string directory)
    {
        string relative = Path.GetRelativePath(root, directory);
        return relative == "." ? "." : relative.Replace(Path.DirectorySeparatorChar, '/');
    }

    private static int CompareEventFiles(string a, string b)
    {
        long? secondsA = EventFileNames.TryGetUnixSeconds(Path.GetFileName(a));
        long? secondsB = EventFileNames.TryGetUnixSeconds(Path.GetFileName(b));
        int bySeconds = Nullable.Compare(secondsA, secondsB);
        return bySeconds != 0 ? bySeconds : string.CompareOrdinal(a, b);
    }
}
