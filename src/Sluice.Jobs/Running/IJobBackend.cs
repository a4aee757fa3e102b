namespace Sluice.Jobs.Running;

/// <summary>A process to run for a job: program, arguments, working folder, log file and extra environment.</summary>
public sealed record JobLaunch(
    string JobId,
    string FileName,
    IReadOnlyList<string> Arguments,
    string WorkingDirectory,
    string LogPath,
    IReadOnlyDictionary<string, string>? Environment = null);

/// <summary>Work a backend started; <see cref="Completion"/> ends with the exit code.</summary>
public interface IRunningJob
{
    /// <summary>What the store keeps to find the work again (<c>local:pid:start-ticks</c>, <c>slurm:1234</c>).</summary>
    string Handle { get; }

    Task<int> Completion { get; }

    /// <summary>Stops the work and everything it started (the whole process tree / the Slurm job).</summary>
    void Cancel();

    /// <summary>
    /// The engine is shutting down: stop watching. Work a backend can re-attach to later (Slurm) keeps running;
    /// work that cannot outlive the engine (a local child process) is stopped.
    /// </summary>
    void Detach();
}

/// <summary>Where job processes run: this machine (<see cref="LocalProcessBackend"/>) or a Slurm cluster.</summary>
public interface IJobBackend
{
    string Name { get; }

    /// <summary>Slots (CPU cores) this backend may fill at once; the scheduler never runs more jobs than that.</summary>
    int Slots { get; }

    Task<IRunningJob> StartAsync(JobLaunch launch, CancellationToken cancellationToken);

    /// <summary>
    /// After an engine restart: picks up work that is still running (when the backend can), or null. A backend that
    /// cannot re-attach stops any survivor so the job can be re-queued without running twice. A null
    /// <paramref name="handle"/> means the engine died between starting the work and saving its handle: the backend
    /// looks for work started for <paramref name="launch"/> (same job folder) all the same.
    /// </summary>
    IRunningJob? Reattach(string? handle, JobLaunch launch);
}
