namespace Sluice.TestKit;

/// <summary>Locates the repository root and the shared data folder from a test's working directory.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> RootLazy = new(FindRoot);

    /// <summary>The repository root (the folder holding Sluice.slnx).</summary>
    public static string Root => RootLazy.Value;

    /// <summary>A path inside the repository.</summary>
    public static string InRepo(params string[] parts) => Path.Combine([Root, .. parts]);

    /// <summary>The bundled samples folder.</summary>
    public static string Samples(params string[] parts) => Path.Combine([Root, "samples", .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Sluice.slnx"))) return dir.FullName;
        }
        throw new InvalidOperationException($"Could not find Sluice.slnx above {AppContext.BaseDirectory}.");
    }
}
