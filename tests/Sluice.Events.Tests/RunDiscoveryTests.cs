using Sluice.Events.Runs;
using Sluice.TestKit;

namespace Sluice.Events.Tests;

public sealed class RunDiscoveryTests
{
    [Fact]
    public void A_model_dir_and_its_eval_dir_are_two_runs()
    {
        using var dir = new TempDirectory();
        using (var train = new EventFileWriter(dir.Path)) train.WriteScalar("loss", 1, 1f);
        using (var eval = new EventFileWriter(dir.Combine("eval"))) eval.WriteScalar("loss", 1, 1f);

        IReadOnlyList<EventRun> runs = RunDiscovery.Discover(dir.Path);
        Assert.Equal([".", "eval"], runs.Select(r => r.Name));
        Assert.Equal(dir.Combine("eval"), runs[1].Directory);
        Assert.Single(runs[1].EventFiles);
    }

    [Fact]
    public void Runs_are_found_recursively_and_directories_without_event_files_are_not_runs()
    {
        using var dir = new TempDirectory();
        foreach (string run in new[] { "wide/eval", "wide", "deep/trial-1/eval", "deep/trial-2" })
            using (var w = new EventFileWriter(dir.Combine(run.Split('/')))) w.WriteScalar("loss", 1, 1f);
        Directory.CreateDirectory(dir.Combine("empty", "nested"));
        File.WriteAllText(dir.Combine("deep", "checkpoint"), "not an event file");

        Assert.Equal(["deep/trial-1/eval", "deep/trial-2", "wide", "wide/eval"], RunDiscovery.Discover(dir.Path).Select(r => r.Name));
    }

    [Fact]
    public void Event_files_of_a_run_are_ordered_by_their_timestamp()
    {
        using var dir = new TempDirectory();
        foreach (string name in new[] { "events.out.tfevents.1700000200.b", "events.out.tfevents.1700000100.z", "events.out.tfevents.0900000000.a" })
            File.WriteAllBytes(dir.Combine(name), []);
        EventRun run = Assert.Single(RunDiscovery.Discover(dir.Path));
        Assert.Equal(["events.out.tfevents.0900000000.a", "events.out.tfevents.1700000100.z", "events.out.tfevents.1700000200.b"],
            run.EventFiles.Select(Path.GetFileName));
    }

    [Fact]
    public void A_missing_logdir_is_a_clear_error()
    {
        var error = Assert.Throws<DirectoryNotFoundException>(() => RunDiscovery.Discover("/nonexistent/logdir"));
        Assert.Contains("/nonexistent/logdir", error.Message);
    }
}
