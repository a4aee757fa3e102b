using Sluice.Jobs.Running;

namespace Sluice.Jobs.Http;

/// <summary>Everything <c>sluice engine</c> can be told.</summary>
public sealed record EngineOptions
{
    /// <summary><c>$SLUICE_ENGINE_DIR</c>, else <c>~/.sluice/engine</c>.</summary>
    public static string DefaultDataDirectory()
        => Environment.GetEnvironmentVariable("SLUICE_ENGINE_DIR") is { Length: > 0 } fromEnvironment
            ? fromEnvironment
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".sluice", "engine");

    /// <summary>Holds the job store (SQLite default), job folders, and the model server's state (models, versions, API keys).</summary>
    public required string DataDirectory { get; init; }

    /// <summary><c>sqlite:&lt;path&gt;</c> or <c>postgres:&lt;connection string&gt;</c>; null: <c>sqlite:&lt;data dir&gt;/jobs.db</c>.</summary>
    public string? Store { get; init; }

    public string Host { get; init; } = "127.0.0.1";

    /// <summary>REST port for jobs and (proxied) serving; 0 picks a free port.</summary>
    public int Port { get; init; } = 8600;

    public bool RequireApiKeys { get; init; } = true;

    /// <summary>Concurrent jobs on the local backend (CPU slots).</summary>
    public int Slots { get; init; } = Environment.ProcessorCount;

    /// <summary>This engine's id in the store (stable across restarts).</summary>
    public string EngineId { get; init; } = Environment.MachineName;

    public TrainerCommand? Trainer { get; init; }

    /// <summary><c>local</c> (default) or <c>slurm</c>.</summary>
    public string Backend { get; init; } = "local";

    /// <summary>Serve the dashboard (Sluice Board) at <c>/board/</c> with the job folders as its logdir.</summary>
    public bool Board { get; init; } = true;

    /// <summary>Dataset profiles (<c>sluice data describe --format json</c>) the dashboard's Data page shows.</summary>
    public IReadOnlyList<string> BoardProfiles { get; init; } = [];

    public string StoreLocation => Store ?? $"sqlite:{Path.Combine(DataDirectory, "jobs.db")}";
}
