using System.Text.Json.Nodes;
using Sluice.Jobs.Spec;

namespace Sluice.Jobs.Model;

/// <summary>
/// A job as stored: the spec plus the service's bookkeeping. <paramref name="Owner"/> is the engine that claimed
/// it; <paramref name="Handle"/> is the backend's handle for the running work (<c>pid:start-ticks</c> locally, the
/// Slurm job id on Slurm); <paramref name="Attempt"/> counts launches (restarts re-queue and increment it);
/// <paramref name="Output"/> is the ML Engine <c>trainingOutput</c> or <c>predictionOutput</c> object.
/// </summary>
public sealed record JobRecord(
    string JobId,
    JobSpec Spec,
    JobState State,
    DateTime CreateTime,
    DateTime? StartTime = null,
    DateTime? EndTime = null,
    string? ErrorMessage = null,
    string? ParentJobId = null,
    string? Owner = null,
    string? Handle = null,
    int Attempt = 0,
    JsonObject? Output = null);

/// <summary>
/// A change to apply to a job record; null fields are left alone (use <see cref="ClearHandle"/> to set the handle to null).
/// </summary>
public sealed record JobUpdate(
    JobState? State = null,
    DateTime? StartTime = null,
    DateTime? EndTime = null,
    string? ErrorMessage = null,
    string? Owner = null,
    string? Handle = null,
    int? Attempt = null,
    JsonObject? Output = null,
    bool ClearHandle = false);
