namespace Sluice.Jobs.Model;

/// <summary>
/// ML Engine job states: QUEUED → PREPARING → RUNNING → SUCCEEDED | FAILED, and CANCELLING → CANCELLED from any
/// non-final state. The wire names are the upper-case spellings (<see cref="JobStates"/>).
/// </summary>
public enum JobState { Queued, Preparing, Running, Succeeded, Failed, Cancelling, Cancelled }

public static class JobStates
{
    public static string Name(this JobState state) => state switch
    {
        JobState.Queued => "QUEUED",
        JobState.Preparing => "PREPARING",
        JobState.Running => "RUNNING",
        JobState.Succeeded => "SUCCEEDED",
        JobState.Failed => "FAILED",
        JobState.Cancelling => "CANCELLING",
        JobState.Cancelled => "CANCELLED",
        _ => throw new ArgumentOutOfRangeException(nameof(state)),
    };

    public static bool TryParse(string text, out JobState state)
    {
        foreach (var candidate in All)
            if (string.Equals(candidate.Name(), text, StringComparison.OrdinalIgnoreCase)) { state = candidate; return true; }
        state = default;
        return false;
    }

    public static JobState Parse(string text) => TryParse(text, out var s) ? s : throw new FormatException($"'{text}' is not a job state.");

    public static readonly JobState[] All = [JobState.Queued, JobState.Preparing, JobState.Running, JobState.Succeeded, JobState.Failed, JobState.Cancelling, JobState.Cancelled];

    /// <summary>States a job never leaves.</summary>
    public static bool IsFinal(this JobState state) => state is JobState.Succeeded or JobState.Failed or JobState.Cancelled;

    /// <summary>States in which an engine owns the job (a process may be running for it).</summary>
    public static readonly JobState[] Active = [JobState.Preparing, JobState.Running, JobState.Cancelling];
}
