using System.Diagnostics;
using System.Text.RegularExpressions;
using Sluice.TestKit;

namespace Sluice.Jobs.Tests.Engine;

/// <summary>Cancel, failure, and an engine crash (SIGKILL) mid-job, against the real engine process.</summary>
[Collection(EngineCollection.Name)]
public sealed partial class LifecycleTests : IDisposable
{
    private readonly TempDirectory _dir = new("sluice-jobs-lifecycle");

    [GeneratedRegex(@"\(pid (\d+)\)")]
    private static partial Regex PidPattern();

    private static int ChildPid(EngineProcess engine, string jobId, int occurrence = 0)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var matches = PidPattern().Matches(File.Exists(Path.Combine(engine.DataDirectory, "jobs", jobId, "job.log")) ? engine.Log(jobId) : "");
            if (matches.Count > occurrence) return int.Parse(matches[occurrence].Groups[1].Value);
            Thread.Sleep(200);
        }
        throw new TimeoutException($"{jobId} never started a process");
    }

    /// <summary>
    /// Whether <paramref name="pid"/> still runs. A zombie does not: an orphan of a crashed engine is re-parented to
    /// PID 1, which in a container may never reap it, so a killed orphan can linger as state 'Z' in /proc.
    /// </summary>
    private static bool Alive(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            // Fields after the parenthesised command name: "pid (comm) S ..."; the state is the first one.
            return stat[(stat.LastIndexOf(')') + 2)] is not ('Z' or 'X');
        }
        catch (IOException) { return false; }
    }

    [Fact]
    public void Cancel_stops_the_whole_process_tree_within_seconds()
    {
        using var engine = EngineProcess.Start(_dir.Combine("engine"));
        var (code, _, error) = engine.Cli("jobs", "submit", "training", "long_job", "--config", TestConfigs.Training(_dir.Path, "long", 10_000_000));
        Assert.True(code == 0, error);
        int pid = ChildPid(engine, "long_job");
        engine.WaitFor("long_job", TimeSpan.FromSeconds(30), "RUNNING");
        var started = Stopwatch.StartNew();
        (code, _, error) = engine.Cli("jobs", "cancel", "long_job");
        Assert.True(code == 0, error);
        var job = engine.WaitFor("long_job", TimeSpan.FromSeconds(15), "CANCELLED");
        Assert.True(started.Elapsed < TimeSpan.FromSeconds(15));
        Assert.False(Alive(pid), $"trainer process {pid} survived the cancel");
        Assert.NotNull(job["endTime"]);
        // Cancelling a finished job is a clear error.
        (code, _, error) = engine.Cli("jobs", "cancel", "long_job");
        Assert.Equal(1, code);
        Assert.Contains("already CANCELLED", error);
    }

    [Fact]
    public void A_failing_job_says_why_and_bad_specs_name_the_field()
    {
        using var engine = EngineProcess.Start(_dir.Combine("engine"));
        string spec = TestConfigs.Training(_dir.Path, "broken", 100, extraOverrides: "    model.hiddenUnits: [-3]");
        var (code, output, _) = engine.Cli("jobs", "submit", "training", "broken_job", "--config", spec, "--stream-logs");
        Assert.Equal(1, code);
        Assert.Contains("Job [broken_job] FAILED", output);
        var job = engine.Describe("broken_job");
        Assert.Equal("FAILED", job["state"]!.GetValue<string>());
        string message = job["errorMessage"]!.GetValue<string>();
        Assert.Contains("sluice train exited with code 1", message);
        Assert.Contains("model", message);

        (code, _, string error) = engine.Cli("jobs", "submit", "training", "gpu_job", "--training-config", TestConfigs.CensusWide, "--scale-tier", "BASIC_GPU");
        Assert.Equal(1, code);
        Assert.Contains("trainingInput.scaleTier: BASIC_GPU: no GPU on this cluster", error);
        (code, _, error) = engine.Cli("jobs", "submit", "training", "dist_job", "--training-config", TestConfigs.CensusWide, "--scale-tier", "CUSTOM", "--worker-count", "3");
        Assert.Equal(1, code);
        Assert.Contains("distributed training not available yet", error);
        (code, _, error) = engine.Cli("jobs", "submit", "training", "broken_job", "--training-config", TestConfigs.CensusWide);
        Assert.Equal(1, code);
        Assert.Contains("409", error);
    }

    /// <summary>
    /// SIGKILL while a job runs and another waits: the running one is re-queued (its orphaned trainer stopped) and runs
    /// again; the queued one runs exactly once. The running job is long (it cannot finish before the crash by chance);
    /// it is cancelled once it runs again, which frees the one slot for the queued job.
    /// </summary>
    [Fact]
    public void Engine_killed_mid_job_restarts_without_losing_or_duplicating_jobs()
    {
        string data = _dir.Combine("engine");
        string key;
        int orphan;
        using (var engine = EngineProcess.Start(data, slots: 1))
        {
            key = engine.ApiKey;
            Assert.Equal(0, engine.Cli("jobs", "submit", "training", "first", "--config", TestConfigs.Training(_dir.Path, "first", 10_000_000)).Code);
            Assert.Equal(0, engine.Cli("jobs", "submit", "training", "second", "--config", TestConfigs.Training(_dir.Path, "second", 200)).Code);
            orphan = ChildPid(engine, "first");
            engine.WaitFor("first", TimeSpan.FromSeconds(30), "RUNNING");
            Assert.Equal("QUEUED", engine.State("second")); // one slot
            engine.Crash();
        }
        using (var engine = EngineProcess.Start(data, slots: 1, apiKey: key))
        {
            int rerun = ChildPid(engine, "first", occurrence: 1);
            Assert.NotEqual(orphan, rerun);
            var first = engine.WaitFor("first", TimeSpan.FromSeconds(60), "RUNNING");
            Assert.Equal(2, first["attempt"]!.GetValue<int>());
            Assert.False(Alive(orphan), $"the orphaned trainer {orphan} of the crashed engine is still running");
            Assert.Contains("re-queued (attempt 2 of 3)", engine.Log("first"));
            Assert.Equal("QUEUED", engine.State("second"));
            Assert.Equal(0, engine.Cli("jobs", "cancel", "first").Code);
            Assert.Equal("CANCELLED", engine.WaitFor("first", TimeSpan.FromSeconds(30), "CANCELLED", "SUCCEEDED", "FAILED")["state"]!.GetValue<string>());
            var second = engine.WaitFor("second", TimeSpan.FromSeconds(120), "SUCCEEDED", "FAILED");
            Assert.Equal("SUCCEEDED", second["state"]!.GetValue<string>());
            Assert.Single(Regex.Matches(engine.Log("second"), "engine PREPARING")); // the queued job ran exactly once
            var (code, output, _) = engine.Cli("jobs", "list", "--format", "json");
            Assert.Equal(0, code);
            Assert.Equal(["first", "second"], System.Text.Json.Nodes.JsonNode.Parse(output)!.AsArray().Select(j => j!["jobId"]!.GetValue<string>()));
        }
    }

    public void Dispose() => _dir.Dispose();
}
