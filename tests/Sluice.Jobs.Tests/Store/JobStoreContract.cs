using Sluice.Jobs.Model;
using Sluice.Jobs.Spec;
using Sluice.Jobs.Store;

namespace Sluice.Jobs.Tests.Store;

/// <summary>The one contract every job store passes (run against SQLite and PostgreSQL).</summary>
internal static class JobStoreContract
{
    private static readonly DateTime T0 = new(2026, 11, 22, 1, 0, 0, DateTimeKind.Utc);

    public static JobRecord Job(string id, int minute, string? parent = null) => new(
        id,
        new JobSpec(id, new TrainingInput(ScaleTier.Basic, 0, "/data/census.yaml", ["--epochs", "1"], null, null), null),
        JobState.Queued, T0.AddMinutes(minute), ParentJobId: parent);

    public static void RoundTripsAndRejectsDuplicates(IJobStore store)
    {
        Assert.True(store.TryCreate(Job("census_a", 1)));
        Assert.False(store.TryCreate(Job("census_a", 2)));
        var job = store.Get("census_a")!;
        Assert.Equal(JobState.Queued, job.State);
        Assert.Equal(T0.AddMinutes(1), job.CreateTime);
        Assert.Equal(DateTimeKind.Utc, job.CreateTime.Kind);
        Assert.Equal("/data/census.yaml", job.Spec.TrainingInput!.Config);
        Assert.Equal(["--epochs", "1"], job.Spec.TrainingInput.Args);
        Assert.Null(store.Get("missing"));
    }

    public static void ListsWithFilterAndPaging(IJobStore store)
    {
        for (int i = 0; i < 7; i++) Assert.True(store.TryCreate(Job($"census_{i}", i)));
        Assert.True(store.TryCreate(Job("housing_1", 10)));
        Assert.True(store.TryCreate(Job("tune_trial_1", 11, parent: "census_0")));
        store.TryUpdate("census_3", [JobState.Queued], new JobUpdate(State: JobState.Failed, ErrorMessage: "boom"));

        var page1 = store.List(JobFilter.Parse("jobId:census*"), pageSize: 3);
        Assert.Equal(["census_0", "census_1", "census_2"], page1.Jobs.Select(j => j.JobId));
        var page2 = store.List(JobFilter.Parse("jobId:census*"), 3, page1.NextPageToken);
        Assert.Equal(["census_3", "census_4", "census_5"], page2.Jobs.Select(j => j.JobId));
        var page3 = store.List(JobFilter.Parse("jobId:census*"), 3, page2.NextPageToken);
        Assert.Equal(["census_6"], page3.Jobs.Select(j => j.JobId));
        Assert.Null(page3.NextPageToken);

        Assert.Equal(["census_3"], store.List(JobFilter.Parse("jobId:census* AND state:FAILED")).Jobs.Select(j => j.JobId));
        Assert.Equal(["tune_trial_1"], store.List(JobFilter.Parse("parentJobId:census_0")).Jobs.Select(j => j.JobId));
        Assert.Equal(["tune_trial_1"], store.Children("census_0").Select(j => j.JobId));
        Assert.Equal(8, store.List(new JobFilter(TopLevelOnly: true), 100).Jobs.Count);
        // '_' is literal in a jobId pattern, not SQL's one-character wildcard.
        Assert.Empty(store.List(JobFilter.Parse("jobId:census_0_*")).Jobs);
        // A token this service did not issue is a clear error, whether or not it is base64.
        foreach (string bad in new[] { "not base64!", "LTE=" /* "-1" */, "YWJj" /* "abc" */ })
            Assert.Contains($"pageToken '{bad}' is not one this service issued", Assert.Throws<FormatException>(() => store.List(JobFilter.All, 3, bad)).Message);
    }

    public static void TransitionsAreCompareAndSet(IJobStore store)
    {
        store.TryCreate(Job("j1", 1));
        var running = store.TryUpdate("j1", [JobState.Queued], new JobUpdate(State: JobState.Running, Handle: "pid:42", StartTime: T0.AddMinutes(2)));
        Assert.NotNull(running);
        Assert.Equal("pid:42", running.Handle);
        Assert.Null(store.TryUpdate("j1", [JobState.Queued], new JobUpdate(State: JobState.Failed)));
        var done = store.TryUpdate("j1", JobStates.Active, new JobUpdate(State: JobState.Succeeded, EndTime: T0.AddMinutes(5), ClearHandle: true,
            Output: new System.Text.Json.Nodes.JsonObject { ["completedTrialCount"] = 0 }))!;
        Assert.Equal(JobState.Succeeded, done.State);
        Assert.Null(done.Handle);
        Assert.Equal(T0.AddMinutes(2), done.StartTime);
        Assert.Equal(T0.AddMinutes(5), done.EndTime);
        Assert.Equal(0, (int)done.Output!["completedTrialCount"]!);
        Assert.Equal(["j1"], store.ListInStates([JobState.Succeeded]).Select(j => j.JobId));
    }

    /// <summary>Many claimers racing on a few queued jobs: every job is claimed exactly once.</summary>
    public static void ConcurrentClaimsNeverDoubleRun(Func<IJobStore> openAnother)
    {
        using var seed = openAnother();
        for (int i = 0; i < 12; i++) seed.TryCreate(Job($"race_{i}", i));
        var claims = new System.Collections.Concurrent.ConcurrentBag<(string Owner, string Job)>();
        var stores = Enumerable.Range(0, 4).Select(_ => openAnother()).ToArray();
        Parallel.For(0, 4, new ParallelOptions { MaxDegreeOfParallelism = 4 }, engine =>
        {
            while (stores[engine].TryClaimNext($"engine{engine}", T0) is { } claimed) claims.Add(($"engine{engine}", claimed.JobId));
        });
        foreach (var s in stores) s.Dispose();
        Assert.Equal(12, claims.Count);
        Assert.Equal(12, claims.Select(c => c.Job).Distinct().Count());
        foreach (var (owner, job) in claims)
        {
            var record = seed.Get(job)!;
            Assert.Equal(JobState.Preparing, record.State);
            Assert.Equal(owner, record.Owner);
        }
        Assert.Null(seed.TryClaimNext("late", T0));
    }

    public static void ClaimRespectsAcceptAndOrder(IJobStore store)
    {
        store.TryCreate(Job("second", 2));
        store.TryCreate(Job("first", 1));
        store.TryCreate(Job("third", 3));
        Assert.Equal("first", store.TryClaimNext("e", T0)!.JobId);
        Assert.Equal("third", store.TryClaimNext("e", T0, j => j.JobId != "second")!.JobId);
        Assert.Equal(["first", "third"], store.ListInStates(JobStates.Active, owner: "e").Select(j => j.JobId));
        Assert.Empty(store.ListInStates(JobStates.Active, owner: "other"));
    }
}
