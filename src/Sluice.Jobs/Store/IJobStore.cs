using Sluice.Jobs.Model;

namespace Sluice.Jobs.Store;

/// <summary>
/// Where jobs live. Every implementation passes the same contract tests (JobStoreContract). State changes are
/// compare-and-set on the current state, so two engines sharing a store never both run a queued job.
/// </summary>
public interface IJobStore : IDisposable
{
    /// <summary>Adds a job; false when the id is taken.</summary>
    bool TryCreate(JobRecord job);

    JobRecord? Get(string jobId);

    /// <summary>Jobs matching <paramref name="filter"/>, oldest first, a page at a time (<c>pageToken</c> from the previous page).</summary>
    JobPage List(JobFilter filter, int pageSize = 20, string? pageToken = null);

    /// <summary>Atomically moves the oldest QUEUED job accepted by <paramref name="accept"/> to PREPARING, owned by <paramref name="owner"/>.</summary>
    JobRecord? TryClaimNext(string owner, DateTime now, Func<JobRecord, bool>? accept = null);

    /// <summary>Applies <paramref name="update"/> only if the job's state is one of <paramref name="expected"/>; returns the new record or null.</summary>
    JobRecord? TryUpdate(string jobId, IReadOnlyCollection<JobState> expected, JobUpdate update);

    /// <summary>Jobs in any of <paramref name="states"/>, optionally only those owned by <paramref name="owner"/>.</summary>
    IReadOnlyList<JobRecord> ListInStates(IReadOnlyCollection<JobState> states, string? owner = null);

    /// <summary>Trials of a tuning job (jobs whose parent is <paramref name="parentJobId"/>), oldest first.</summary>
    IReadOnlyList<JobRecord> Children(string parentJobId);
}

/// <summary>One page of <see cref="IJobStore.List"/>; <see cref="NextPageToken"/> is null on the last page.</summary>
public sealed record JobPage(IReadOnlyList<JobRecord> Jobs, string? NextPageToken);
