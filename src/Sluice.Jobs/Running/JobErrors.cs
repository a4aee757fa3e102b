namespace Sluice.Jobs.Running;

/// <summary>No job with that id (HTTP 404).</summary>
public sealed class JobNotFoundException(string jobId) : Exception($"job '{jobId}' does not exist.")
{
    public string JobId { get; } = jobId;
}

/// <summary>The request conflicts with the job's state or id (HTTP 409).</summary>
public sealed class JobConflictException(string message) : Exception(message);
