namespace Sluice.Jobs.Running;

/// <summary>How a <see cref="JobEngine"/> runs.</summary>
public sealed record JobEngineOptions
{
    /// <summary>Holds <c>jobs/&lt;jobId&gt;/</c> (log, derived config, default job dir).</summary>
    public required string DataDirectory { get; init; }

    /// <summary>
    /// This engine's name in the store's <c>owner</c> column. It must be stable across restarts (jobs it owned are
    /// recovered by the engine with the same id) and distinct between engines sharing a PostgreSQL store.
    /// </summary>
    public string EngineId { get; init; } = Environment.MachineName;

    /// <summary>How the engine starts <c>sluice train</c>.</summary>
    public TrainerCommand Trainer { get; init; } = TrainerCommand.CurrentProcess();

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How many times a job is re-queued after engine restarts before it is failed.</summary>
    public int MaxAttempts { get; init; } = 3;
}
