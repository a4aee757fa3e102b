namespace Sluice.Jobs.Spec;

/// <summary>A job spec that does not validate; <see cref="Path"/> is the JSON path of the offending field.</summary>
public sealed class JobSpecException(string path, string message, string? file = null)
    : Exception(file is null ? $"{path}: {message}" : $"{file}: {path}: {message}")
{
    /// <summary>JSON path such as <c>trainingInput.hyperparameters.params[1].minValue</c>.</summary>
    public string Path { get; } = path;

    public string? File { get; } = file;
}
