using Sluice.Jobs.Model;
using Sluice.Jobs.Running;
using Sluice.Jobs.Slurm;
using Sluice.Jobs.Spec;
using Sluice.Jobs.Store;
using Sluice.Jobs.Tests.Engine;
using Sluice.TestKit;

namespace Sluice.Jobs.Tests.Slurm;

/// <summary>The job engine with the Slurm backend on a real single-node Slurm: run, cancel, and re-attach after a restart.</summary>
[Collection(EngineCollection.Name)]
public sealed class SlurmBackendTests : IDisposable
{
    private readonly TempDirectory _dir = new("sluice-jobs-slurm");

    private readonly GatedTrainer _trainer;

    public SlurmBackendTests() => _trainer = new GatedTrainer(_dir.Combine("trainer"), "dotnet", EngineProcess.SluiceDll);

    private JobEngine NewEngine(SqlJobStore store) => new(store, new SlurmBackend(2), new JobEngineOptions
    {
        DataDirectory = _dir.Combine("data"),
        EngineId = "slurm-test",
        Trainer = _trainer.Command,
        PollInterval = TimeSpan.FromMilliseconds(200),
    });

    private static JobSpec Training(string id, string specDirectory, int steps)
        => JobSpecReader.ReadFile(TestConfigs.Training(specDirectory, id, steps), id);

    private static JobRecord WaitFor(IJobStore store, string id, TimeSpan timeout, params JobState[] states)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var job = store.Get(id)!;
            if (states.Contains(job.State)) return job;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{id} is {job.State.Name()}: {job.ErrorMessage}");
            Thread.Sleep(200);
        }
    }

    [SlurmFact]
    public async Task Runs_and_cancels_training_jobs_on_slurm()
    {
        using var store = SqlJobStore.OpenSqlite(_dir.Combine("jobs.db"));
        var engine = NewEngine(store);
        engine.Start();
        try
        {
            _trainer.Open("slurm_ok");
            engine.Submit(Training("slurm_ok", _dir.Path, 200));
            engine.Submit(Training("slurm_held", _dir.Path, 200)); // never let through: still running when cancelled
            var ok = WaitFor(store, "slurm_ok", TimeSpan.FromSeconds(120), JobState.Succeeded, JobState.Failed);
            Assert.True(ok.State == JobState.Succeeded, ok.ErrorMessage + File.ReadAllText(engine.LogPath("slurm_ok")));
            string log = File.ReadAllText(engine.LogPath("slurm_ok"));
            Assert.Contains("submitted to Slurm as job", log);
            Assert.Contains("stdout Exported: ", log);
            Assert.Equal(200, ok.Output!["globalStep"]!.GetValue<long>());

            var running = WaitFor(store, "slurm_held", TimeSpan.FromSeconds(60), JobState.Running);
            Assert.StartsWith("slurm:", running.Handle);
            string slurmId = running.Handle!["slurm:".Length..];
            engine.Cancel("slurm_held");
            var cancelled = WaitFor(store, "slurm_held", TimeSpan.FromSeconds(60), JobState.Cancelled, JobState.Succeeded, JobState.Failed);
            Assert.Equal(JobState.Cancelled, cancelled.State);
            Assert.Equal("CANCELLED", SlurmCommands.Show(slurmId).State);
        }
        finally
        {
            await engine.DisposeAsync();
        }
    }

    /// <summary>
    /// The engine goes away while two Slurm jobs run: one whose handle was saved, and one submitted by an engine that
    /// died before it could save the handle (found again by name and folder). Both are held by the gate until the
    /// restarted engine has re-attached them, so the restart always happens mid-job; the old engine's watchers have
    /// stopped when DisposeAsync returns, so only the new engine copies their output and records their end.
    /// </summary>
    [SlurmFact]
    public async Task Reattaches_running_slurm_jobs_after_an_engine_restart()
    {
        using var store = SqlJobStore.OpenSqlite(_dir.Combine("jobs.db"));
        var engine = NewEngine(store);
        engine.Start();
        JobRecord before;
        try
        {
            engine.Submit(Training("slurm_reattach", _dir.Path, 200));
            before = WaitFor(store, "slurm_reattach", TimeSpan.FromSeconds(60), JobState.Running);
        }
        finally
        {
            await engine.DisposeAsync();
        }
        Assert.Equal(JobState.Running, store.Get("slurm_reattach")!.State);
        Assert.Contains(SlurmCommands.Show(before.Handle!["slurm:".Length..]).State, (string[])["PENDING", "RUNNING"]); // Slurm runs on without the engine

        // An engine that died between sbatch and saving the handle: the job is PREPARING, owned, with no handle.
        Assert.True(store.TryCreate(new JobRecord("slurm_orphan", Training("slurm_orphan", _dir.Path, 200), JobState.Queued, DateTime.UtcNow)));
        var claimed = store.TryClaimNext("slurm-test", DateTime.UtcNow)!;
        Assert.Equal("slurm_orphan", claimed.JobId);
        var submitted = await new SlurmBackend(1).StartAsync(engine.LaunchFor(claimed, prepare: true), CancellationToken.None);
        submitted.Detach();
        await submitted.Completion;

        engine = NewEngine(store);
        try
        {
            engine.Start(); // recovery runs inside Start: both jobs are re-attached before it returns
            string reattachedLog = File.ReadAllText(engine.LogPath("slurm_reattach"));
            Assert.True(reattachedLog.Contains($"re-attached to {before.Handle}"), reattachedLog);
            var orphan = store.Get("slurm_orphan")!;
            Assert.Equal(JobState.Running, orphan.State);
            Assert.Equal(submitted.Handle, orphan.Handle);
            Assert.Contains($"re-attached to {submitted.Handle}", File.ReadAllText(engine.LogPath("slurm_orphan")));

            foreach (string id in new[] { "slurm_reattach", "slurm_orphan" })
            {
                _trainer.Open(id);
                var after = WaitFor(store, id, TimeSpan.FromSeconds(180), JobState.Succeeded, JobState.Failed);
                string log = File.ReadAllText(engine.LogPath(id));
                Assert.True(after.State == JobState.Succeeded, after.ErrorMessage + log);
                Assert.Equal(0, after.Attempt); // re-attached, not re-run
                Assert.Equal(200, after.Output!["globalStep"]!.GetValue<long>());
                Assert.Single(System.Text.RegularExpressions.Regex.Matches(log, "submitted to Slurm as job"));
                Assert.Single(System.Text.RegularExpressions.Regex.Matches(log, "stdout Exported: "));
                Assert.Single(System.Text.RegularExpressions.Regex.Matches(log, "exited with code 0"));
            }
        }
        finally
        {
            await engine.DisposeAsync();
        }
    }

    [Fact]
    public void Scontrol_answers_are_told_apart_job_known_gone_or_unreachable()
    {
        var running = SlurmCommands.Parse(0, "JobId=7 JobName=a UserId=root(0) JobState=RUNNING Reason=None ExitCode=0:0 RunTime=00:00:03\n", "");
        Assert.Equal(("RUNNING", 0), (running.State, running.ExitCode));
        var failed = SlurmCommands.Parse(0, "JobId=7 JobState=FAILED ExitCode=3:0\n", "");
        Assert.Equal(("FAILED", 3), (failed.State, failed.ExitCode));
        Assert.True(SlurmCommands.Parse(1, "", "slurm_load_jobs error: Invalid job id specified\n").IsGone);
        var unreachable = SlurmCommands.Parse(1, "", "slurm_load_jobs error: Unable to contact slurm controller (connect failure)\n");
        Assert.False(unreachable.IsGone);
        Assert.False(unreachable.IsKnown);
        Assert.Contains("Unable to contact slurm controller", unreachable.Error);
    }

    public void Dispose() => _dir.Dispose();
}
