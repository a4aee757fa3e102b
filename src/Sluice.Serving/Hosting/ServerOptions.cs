using Sluice.Serving.Batching;
using Sluice.Serving.Repository;

namespace Sluice.Serving.Hosting;

/// <summary>Everything <c>sluice serve</c> can be told; the defaults are the documented ones.</summary>
public sealed record ServerOptions
{
    /// <summary><c>$SLUICE_DATA_DIR</c>, else <c>~/.sluice/serving</c>: where <c>sluice serve</c> and <c>sluice keys</c> keep state.</summary>
    public static string DefaultDataDirectory()
        => Environment.GetEnvironmentVariable("SLUICE_DATA_DIR") is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".sluice", "serving");

    /// <summary>Holds the state database (models, versions, labels, API keys).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>Interface to listen on (127.0.0.1 by default; 0.0.0.0 for every interface).</summary>
    public string Host { get; init; } = "127.0.0.1";

    /// <summary>REST port (TF Serving's Docker image uses 8501); 0 picks a free port.</summary>
    public int Port { get; init; } = 8501;

    /// <summary>API keys are required unless this is false (<c>--no-auth</c>, local development only).</summary>
    public bool RequireApiKeys { get; init; } = true;

    public BatchingOptions Batching { get; init; } = new();

    /// <summary>Most instances in one request; more is a 413.</summary>
    public int MaxInstancesPerRequest { get; init; } = 1024;

    /// <summary>
    /// Skip instance features the version's signature does not read (TF Serving's tf.Example parsing does) instead of
    /// answering 400. Off by default: an unknown feature is usually a typo.
    /// </summary>
    public bool IgnoreUnknownFeatures { get; init; }

    /// <summary>Largest request body; more is a 413.</summary>
    public long MaxRequestBodyBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>How often base paths are scanned for new version folders.</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Warm-up requests per batching worker when a version loads.</summary>
    public int WarmupRequestsPerWorker { get; init; } = 3;

    /// <summary>Models fed from base paths (command line or models.yaml), registered at start-up.</summary>
    public IReadOnlyList<ModelSource> Models { get; init; } = [];

    /// <summary>Logs one line per request (method, path, status, milliseconds) at Information level.</summary>
    public bool LogRequests { get; init; }

    /// <summary>How long shutdown waits for in-flight requests.</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Opens a version folder; null: the bundle loaders (<see cref="Servables.ServableLoader"/>). Tests wrap it.</summary>
    internal Func<string, Servables.IServable>? Loader { get; init; }
}

/// <summary>A model whose versions are the numbered folders under <paramref name="BasePath"/>.</summary>
public sealed record ModelSource(string Name, string BasePath, VersionPolicy? Policy = null, IReadOnlyDictionary<string, long>? Labels = null);
