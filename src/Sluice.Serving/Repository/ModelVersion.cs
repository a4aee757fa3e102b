namespace Sluice.Serving.Repository;

/// <summary>One version of a model as the repository tracks it (loaded or not).</summary>
internal sealed class ModelVersion(long number, string origin, DateTime createdUtc)
{
    public long Number { get; } = number;

    /// <summary>The export bundle folder the version is loaded from.</summary>
    public string Origin { get; } = origin;

    public DateTime CreatedUtc { get; } = createdUtc;
    public volatile VersionState State = VersionState.Loading;
    public string? Error { get; set; }
    public double? LoadSeconds { get; set; }
    public int FailedAttempts { get; set; }

    /// <summary>Set (atomically, by reference) when the version becomes Ready; cleared when it is retired.</summary>
    public volatile LoadedVersion? Loaded;
}
