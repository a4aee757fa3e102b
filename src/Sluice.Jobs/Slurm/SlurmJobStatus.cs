namespace Sluice.Jobs.Slurm;

/// <summary>
/// What <c>scontrol show job</c> said: the job's <see cref="State"/> and exit code; or that Slurm does not know it
/// (<see cref="IsGone"/>); or that Slurm could not be asked (<see cref="Error"/>, the job may well still run).
/// </summary>
internal readonly record struct SlurmJobStatus(string? State, int ExitCode, string? Error)
{
    public static readonly SlurmJobStatus Gone = new(null, 0, null);

    public bool IsKnown => State is not null;

    public bool IsGone => State is null && Error is null;
}
