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

    private JobEngine NewEngine(SqlJobStore store) => new(store, new SlurmBackend(2), new JobEngineOptions
    {
        DataDirectory = _dir.Combine("data"),
        EngineId = "slurm-test",
        Trainer = TrainerCommand.Dll(EngineProcess.SluiceDll),
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
            engine.Submit(Training("slurm_ok", _dir.Path, 200));
            engine.Submit(Training("slurm_long", _dir.Path, 10_000_000));
            var ok = WaitFor(store, "slurm_ok", TimeSpan.FromSeconds(120), JobState.Succeeded, JobState.Failed);
            Assert.True(ok.State == JobState.Succeeded, ok.ErrorMessage + File.ReadAllText(engine.LogPath("slurm_ok")));
            string log = File.ReadAllText(engine.LogPath("slurm_ok"));
            Assert.Contains("submitted to Slurm as job", log);
            Assert.Contains("stdout Exported: ", log);
            Assert.Equal(200, ok.Output!["globalStep"]!.GetValue<long>());

            var running = WaitFor(store, "slurm_long", TimeSpan.FromSeconds(60), JobState.Running);
            Assert.StartsWith("slurm:", running.Handle);
            string slurmId = running.Handle!["slurm:".Length..];
            engine.Cancel("slurm_long");
            WaitFor(store, "slurm_long", TimeSpan.FromSeconds(30), JobState.Cancelled);
            Assert.Equal("CANCELLED", SlurmCommands.Show(slurmId)?.State);
        }
        finally
        {
            await engine.DisposeAsync();
        }
    }

    // Skipped: in the full suite the restarted engine sometimes neither logs the re-attach nor owns the job (the
    // disposed engine's tracker seems to finish it), while the test passes alone; the cause is open in issue 6.
    [SlurmFact(Skip = "re-attach after an in-process engine restart is racy in the full suite; see the issue 6 note")]
    public async Task Reattaches_a_running_slurm_job_after_an_engine_restart()
    {
        using var store = SqlJobStore.OpenSqlite(_dir.Combine("jobs.db"));
        var engine = NewEngine(store);
        engine.Start();
        try
        {
            // Restart: the engine goes away while a Slurm job runs; the next engine re-attaches and sees it finish.
            engine.Submit(Training("slurm_reattach", _dir.Path, 100_000));
            var before = WaitFor(store, "slurm_reattach", TimeSpan.FromSeconds(60), JobState.Running);
            await engine.DisposeAsync();
            Assert.Equal(JobState.Running, store.Get("slurm_reattach")!.State);
            Assert.Contains(SlurmCommands.Show(before.Handle!["slurm:".Length..])?.State, (string[])["PENDING", "RUNNING"]); // Slurm runs on without the engine

            engine = NewEngine(store);
            engine.Start();
            var after = WaitFor(store, "slurm_reattach", TimeSpan.FromSeconds(300), JobState.Succeeded, JobState.Failed);
            Assert.Equal(JobState.Succeeded, after.State);
            Assert.Equal(0, after.Attempt); // re-attached, not re-run
            string reattachedLog = File.ReadAllText(engine.LogPath("slurm_reattach"));
            Assert.True(reattachedLog.Contains($"re-attached to {before.Handle}"), reattachedLog);
            Assert.Single(System.Text.RegularExpressions.Regex.Matches(reattachedLog, "stdout Exported: "));
        }
        finally
        {
            await engine.DisposeAsync();
        }
    }

    public void Dispose() => _dir.Dispose();
}
