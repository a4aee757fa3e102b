namespace Sluice.Estimators.Serialization;

/// <summary>An invalid training config or model spec; <see cref="Path"/> names the field (e.g. <c>model.hiddenUnits[1]</c>).</summary>
public sealed class SpecFormatException(string path, string problem, string? file = null, Exception? inner = null)
    : Exception($"{(file is null ? "" : file + ": ")}{path}: {problem}", inner)
{
    public string Path { get; } = path;
    public string? File { get; } = file;
}
