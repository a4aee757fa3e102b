using System.Text.Json.Nodes;
using Sluice.TestKit;

namespace Sluice.Jobs.Tests.Engine;

[Collection(EngineCollection.Name)]
public sealed class TuningJobTests : IDisposable
{
    private readonly TempDirectory _dir = new("sluice-jobs-tuning");

    /// <summary>
    /// Three census trials, two in parallel, grid over learning rates (two good, then one hopeless): the hopeless one is
    /// stopped early by the median rule once the two good ones have finished; trials come back best first; the best
    /// trial's export deploys in one command.
    /// </summary>
    [Fact]
    public void Tuning_job_runs_parallel_trials_stops_a_bad_one_early_and_deploys_the_best()
    {
        using var engine = EngineProcess.Start(_dir.Combine("engine"));
        string spec = _dir.Combine("tune.yaml");
        File.WriteAllText(spec, $"""
            trainingInput:
              config: {TestConfigs.CensusWide}
              args: ["--max-steps", "4000"]  # long enough that the hopeless trial is still running when trials 1 and 2 have finished
              overrides:
                evaluation.everySteps: 100
                evaluation.everyEpochs: null
                model.linearOptimizer.kind: ftrl
              hyperparameters:
                goal: MAXIMIZE
                hyperparameterMetricTag: auc
                algorithm: GRID_SEARCH
                maxTrials: 3
                maxParallelTrials: 2
                enableTrialEarlyStopping: true
                params:
                  - {"{"}parameterName: model.linearOptimizer.learningRate, type: CATEGORICAL, categoricalValues: ["0.1", "0.2", "0.0000001"]{"}"}
            """);
        var (code, output, error) = engine.Cli("jobs", "submit", "training", "tune_census", "--config", spec, "--stream-logs");
        Assert.True(code == 0, output + error);
        var job = engine.Describe("tune_census");
        var trials = job["trainingOutput"]!["trials"]!.AsArray().Select(t => t!.AsObject()).ToList();
        Assert.Equal(3, trials.Count);
        Assert.True(job["trainingOutput"]!["isHyperparameterTuningJob"]!.GetValue<bool>());

        // Best first.
        var objectives = trials.Select(t => t["finalMetric"]!["objectiveValue"]!.GetValue<double>()).ToList();
        Assert.Equal(objectives.OrderDescending(), objectives);
        var hopeless = trials.Single(t => t["hyperparameters"]!["model.linearOptimizer.learningRate"]!.GetValue<string>() == "0.0000001");
        Assert.True(hopeless["isTrialStoppedEarly"]!.GetValue<bool>(), hopeless.ToJsonString());
        Assert.True(hopeless["finalMetric"]!["trainingStep"]!.GetValue<long>() < 4000);

        // Each trial dir holds its hparams.json for the board: the trial, its values as the spec gives them, its end.
        foreach (var trial in trials)
        {
            var hparams = JsonNode.Parse(File.ReadAllText(Path.Combine(engine.DataDirectory, "jobs", "tune_census", "model", trial["trialId"]!.GetValue<string>(), "hparams.json")))!;
            Assert.Equal(("tune_census", trial["trialId"]!.GetValue<string>(), trial["jobId"]!.GetValue<string>(), "auc", "MAXIMIZE", trial["state"]!.GetValue<string>()),
                (hparams["tuningJobId"]!.GetValue<string>(), hparams["trialId"]!.GetValue<string>(), hparams["jobId"]!.GetValue<string>(),
                 hparams["metricTag"]!.GetValue<string>(), hparams["goal"]!.GetValue<string>(), hparams["state"]!.GetValue<string>()));
            Assert.Equal(trial["hyperparameters"]!.ToJsonString(), hparams["hyperparameters"]!.ToJsonString()); // CATEGORICAL: strings as in the spec
            Assert.Equal(trial["finalMetric"]!.ToJsonString(), hparams["finalMetric"]!.ToJsonString());
        }

        // Trials 1 and 2 ran at the same time.
        var byId = trials.ToDictionary(t => t["trialId"]!.GetValue<string>());
        DateTime Start(string id) => byId[id]["startTime"]!.GetValue<DateTime>();
        DateTime End(string id) => byId[id]["endTime"]!.GetValue<DateTime>();
        Assert.True(Start("2") < End("1") && Start("1") < End("2"), "trials 1 and 2 did not overlap");

        // Trials are jobs too (listed on request), each in its own dir.
        (code, output, _) = engine.Cli("jobs", "list", "--filter", "parentJobId:tune_census", "--format", "json");
        Assert.Equal(3, JsonNode.Parse(output)!.AsArray().Count);

        (code, output, error) = engine.Cli("jobs", "deploy", "tune_census", "--model", "census_tuned", "--format", "json");
        Assert.True(code == 0, error);
        Assert.Equal(trials[0]["export"]!.GetValue<string>(), JsonNode.Parse(output)!["deploymentUri"]!.GetValue<string>());
    }

    public void Dispose() => _dir.Dispose();
}
