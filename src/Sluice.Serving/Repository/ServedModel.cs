namespace Sluice.Serving.Repository;

/// <summary>
/// A model: its versions, default version and labels. Mutations take <see cref="Gate"/>; readers on the request
/// path read the volatile fields and immutable dictionaries without locking.
/// </summary>
internal sealed class ServedModel(string name, string? description, string? basePath, VersionPolicy policy, DateTime createdUtc)
{
    public string Name { get; } = name;
    public string? Description { get; set; } = description;

    /// <summary>The folder polled for numbered version folders; null for a model fed only by the management API.</summary>
    public string? BasePath { get; set; } = basePath;

    public VersionPolicy Policy { get; set; } = policy;
    public DateTime CreatedUtc { get; } = createdUtc;
    public object Gate { get; } = new();

    /// <summary>Versions by number (copy-on-write: replaced, never mutated, so readers need no lock).</summary>
    public volatile SortedDictionary<long, ModelVersion> Versions = [];

    private long _explicitDefault = -1;

    /// <summary>The explicitly chosen default version; null: the latest ready version. (A long, so reads are atomic.)</summary>
    public long? ExplicitDefault
    {
        get { long value = Volatile.Read(ref _explicitDefault); return value < 0 ? null : value; }
        set => Volatile.Write(ref _explicitDefault, value ?? -1);
    }

    /// <summary>Labels → version (copy-on-write).</summary>
    public volatile Dictionary<string, long> Labels = new(StringComparer.Ordinal);

    private long _latestReady = -1;

    /// <summary>The version used when a request names none: the explicit default, else the latest ready version.</summary>
    public long? DefaultVersion
    {
        get
        {
            if (ExplicitDefault is { } chosen) return chosen;
            long latest = Volatile.Read(ref _latestReady);
            return latest < 0 ? null : latest;
        }
    }

    /// <summary>Recomputes the latest ready version after a version became ready or left (call under <see cref="Gate"/>).</summary>
    public void RefreshLatestReady()
    {
        long latest = -1;
        foreach (var (number, version) in Versions)
        {
            if (version.State == VersionState.Ready) latest = number;
        }
        Volatile.Write(ref _latestReady, latest);
    }
}
