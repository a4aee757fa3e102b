namespace Sluice.Estimators.Export;

/// <summary>A bundle that cannot be loaded (missing, partial, tampered or malformed); <see cref="FileName"/> names the file at fault.</summary>
public sealed class ExportBundleException(string directory, string fileName, string problem, Exception? inner = null)
    : Exception($"Export bundle '{directory}': {fileName}: {problem}", inner)
{
    public string Directory { get; } = directory;
    public string FileName { get; } = fileName;
}
