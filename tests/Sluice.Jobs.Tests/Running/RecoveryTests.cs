using System.Diagnostics;
using Sluice.Estimators.Config;
using Sluice.Jobs.Model;
using Sluice.Jobs.Running;
using Sluice.Jobs.Spec;
using Sluice.Jobs.Store;
using Sluice.Jobs.Tests.Engine;
using Sluice.TestKit;

namespace Sluice.Jobs.Tests.Running;

/// <summary>Restart safety of the in-process engine: jobs the previous engine left behind are re-queued, never lost or run twice.</summary>
[Collection(EngineCollection.Name)]
public sealed class RecoveryTests : IDisposable
{
    private readonly TempDirectory _dir = new("sluice-jobs-recovery");

    private JobEngine NewEngine(SqlJobStore store, TrainerCommand? trainer = null) => new(store, new LocalProcessBackend(1), new JobEngineOptions
    {
        DataDirectory = _dir.Combine("data"),
        EngineId = "recovery-test",
        Trainer = trainer ?? TrainerCommand.Dll(EngineProcess.SluiceDll),
        PollInterval = TimeSpan.FromMilliseconds(100),
    });

    private static JobRecord WaitFor(IJobStore store, string id, params JobState[] states)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            var job = store.Get(id)!;
            if (states.Contains(job.State)) return job;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{id} is {job.State.Name()}: {job.ErrorMessage}");
            Thread.Sleep(100);
        }
    }

    /// <summary>A batch prediction ran inside the engine that died: the next engine re-runs it (it used to fail to start).</summary>
    [Fact]
    public async Task A_batch_prediction_running_when_the_engine_died_is_run_again()
    {
        string config = TrainingConfigWriter.Write(RepoPaths.Samples("census", "wide.yaml"), new Dictionary<string, string> { ["evaluation.everyEpochs"] = "null", ["evaluation.everySteps"] = "20" }, _dir.Combine("config.yaml"));
        string export = Assert.Single(ConfiguredTraining.Train(config, _dir.Combine("model"), maxSteps: 20).Exports);
        string input = _dir.Combine("in.jsonl");
        File.WriteAllText(input, """{"age": 50, "workclass": "Self-emp-inc", "education": "Doctorate", "marital_status": "Married-civ-spouse", "occupation": "Exec-managerial", "relationship": "Husband"}""" + "\n");
        var spec = new JobSpec("predict_1", null, new PredictionInput(null, null, export, DataFormat.Json, [input], _dir.Combine("out")));

        using var store = SqlJobStore.OpenSqlite(_dir.Combine("jobs.db"));
        Assert.True(store.TryCreate(new JobRecord("predict_1", spec, JobState.Queued, DateTime.UtcNow)));
        Assert.NotNull(store.TryClaimNext("recovery-test", DateTime.UtcNow));
        Assert.NotNull(store.TryUpdate("predict_1", [JobState.Preparing], new JobUpdate(State: JobState.Running, Handle: "inproc:recovery-test")));

        var engine = NewEngine(store);
        try
        {
            engine.Start();
            var job = WaitFor(store, "predict_1", JobState.Succeeded, JobState.Failed);
            Assert.True(job.State == JobState.Succeeded, job.ErrorMessage);
            Assert.Equal(1, job.Attempt);
            Assert.Equal(1, job.Output!["predictionCount"]!.GetValue<long>());
            Assert.Contains("re-queued (attempt 2 of 3)", File.ReadAllText(engine.LogPath("predict_1")));
        }
        finally
        {
            await engine.DisposeAsync();
        }
    }

    /// <summary>
    /// The engine died after starting a job's process but before saving its handle: the next engine finds the orphan
    /// by its job folder (in its environment), stops its whole tree, and re-queues the job, which then runs once.
    /// </summary>
    [Fact]
    public async Task An_orphan_started_before_its_handle_was_saved_is_found_and_stopped_before_the_rerun()
    {
        var trainer = new GatedTrainer(_dir.Combine("trainer"), "true");
        using var store = SqlJobStore.OpenSqlite(_dir.Combine("jobs.db"));
        var spec = JobSpecReader.ReadFile(TestConfigs.Training(_dir.Path, "orphan", 100), "orphan_job");
        Assert.True(store.TryCreate(new JobRecord("orphan_job", spec, JobState.Queued, DateTime.UtcNow)));
        var claimed = store.TryClaimNext("recovery-test", DateTime.UtcNow)!;

        var engine = NewEngine(store, trainer.Command);
        var launch = engine.LaunchFor(claimed, prepare: true);
        using var orphan = StartLike(launch);
        using var bystander = StartLike(launch with { Environment = new Dictionary<string, string> { [LocalProcessBackend.JobFolderVariable] = launch.WorkingDirectory + "-other" } });
        try
        {
            engine.Start(); // recovery: no handle, so the backend looks for the job folder's processes
            Assert.True(orphan.WaitForExit(30_000), "the orphan survived the restart");
            Assert.False(bystander.HasExited, "a process of another job folder was stopped");
            Assert.Contains("stopped the orphaned process pid", File.ReadAllText(engine.LogPath("orphan_job")));

            trainer.Open("orphan_job");
            var job = WaitFor(store, "orphan_job", JobState.Succeeded, JobState.Failed);
            Assert.True(job.State == JobState.Succeeded, job.ErrorMessage + "\n" + File.ReadAllText(engine.LogPath("orphan_job")));
            Assert.Equal(1, job.Attempt);
        }
        finally
        {
            await engine.DisposeAsync();
            try { bystander.Kill(entireProcessTree: true); }
            catch (InvalidOperationException) { } // already gone (a failed assertion above says why)
        }
    }

    /// <summary>Starts the launch's command the way a crashed engine would have (its environment, its folder).</summary>
    private static Process StartLike(JobLaunch launch)
    {
        var info = new ProcessStartInfo(launch.FileName) { WorkingDirectory = launch.WorkingDirectory, UseShellExecute = false };
        foreach (string argument in launch.Arguments) info.ArgumentList.Add(argument);
        foreach (var (key, value) in launch.Environment!) info.Environment[key] = value;
        return Process.Start(info)!;
    }

    public void Dispose() => _dir.Dispose();
}
