namespace Sluice.TestKit;

/// <summary>Locates the repository root from a test's output folder (or SLUICE_REPO_ROOT when set).</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    /// <summary>The repository root (the folder holding Sluice.slnx).</summary>
    public static string Root => RootLazy.Value;

    /// <summary>A path inside the repository.</summary>
    public static string InRepo(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>A path inside the bundled samples folder, e.g. <c>Samples("census", "data", "adult.data")</c>.</summary>
    public static string Samples(params string[] parts) => Path.Combine([Root, "samples", .. parts]);

    private static string FindRoot()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("SLUICE_REPO_ROOT");
        if (!string.IsNullOrEmpty(fromEnvironment)) return fromEnvironment;
        foreach (string start in new[] { AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Sluice.slnx"))) return dir.FullName;
            }
        }
        throw new InvalidOperationException($"Could not find Sluice.slnx above {AppContext.BaseDirectory}; set SLUICE_REPO_ROOT.");
    }
}
