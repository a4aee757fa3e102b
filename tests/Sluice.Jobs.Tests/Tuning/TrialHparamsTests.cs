using System.Text.Json.Nodes;
using Sluice.Jobs.Model;
using Sluice.Jobs.Running;
using Sluice.Jobs.Spec;
using Sluice.Jobs.Store;
using Sluice.Jobs.Tests.Engine;
using Sluice.Jobs.Tuning;
using Sluice.TestKit;

namespace Sluice.Jobs.Tests.Tuning;

/// <summary>Each tuning trial's hparams.json (the jobs/board contract): written when the trial is created, rewritten when it ends.</summary>
[Collection(EngineCollection.Name)]
public sealed class TrialHparamsTests : IDisposable
{
    private readonly TempDirectory _dir = new("sluice-jobs-hparams");

    private const string Params = """
                params:
                  - {parameterName: model.linearOptimizer.learningRate, type: DOUBLE, minValue: 0.001, maxValue: 0.1, scaleType: UNIT_LOG_SCALE}
                  - {parameterName: --max-steps, type: INTEGER, minValue: 10, maxValue: 20}
                  - {parameterName: model.hiddenUnits, type: CATEGORICAL, categoricalValues: ["64,32", "16"]}
                  - {parameterName: training.batchSize, type: DISCRETE, discreteValues: [32, 64]}
            """;

    private JobSpec TuningSpec(string jobId, int maxTrials) => JobSpecReader.Parse($"""
        jobId: {jobId}
        trainingInput:
          config: {TestConfigs.CensusWide}
          hyperparameters:
            goal: MINIMIZE
            hyperparameterMetricTag: loss
            algorithm: RANDOM_SEARCH
            maxTrials: {maxTrials}
            maxParallelTrials: {maxTrials}
            maxFailedTrials: {maxTrials}
        {Params}
        """, _dir.Path);

    [Fact]
    public void Values_keep_the_json_type_of_their_parameter_and_the_end_adds_state_and_final_metric()
    {
        var parent = new JobRecord("tune1", TuningSpec("tune1", 4), JobState.Running, DateTime.UtcNow);
        var trial = new JobRecord("tune1_trial_3", parent.Spec, JobState.Running, DateTime.UtcNow, ParentJobId: "tune1");
        var values = new Dictionary<string, string>
        {
            ["model.linearOptimizer.learningRate"] = "0.01", ["--max-steps"] = "12", ["model.hiddenUnits"] = "64,32", ["training.batchSize"] = "64",
        };

        var running = TrialHparamsFile.ToJson(parent, trial, "3", values, (1200, 0.25));
        Assert.Equal("""{"tuningJobId":"tune1","trialId":"3","jobId":"tune1_trial_3","hyperparameters":{"model.linearOptimizer.learningRate":0.01,"--max-steps":12,"model.hiddenUnits":"64,32","training.batchSize":64},"metricTag":"loss","goal":"MINIMIZE"}""",
            running.ToJsonString());

        var ended = TrialHparamsFile.ToJson(parent, trial with { State = JobState.Succeeded }, "3", values, (1200, 0.25));
        Assert.Equal("SUCCEEDED", ended["state"]!.GetValue<string>());
        Assert.Equal("""{"trainingStep":1200,"objectiveValue":0.25}""", ended["finalMetric"]!.ToJsonString());
        var neverReported = TrialHparamsFile.ToJson(parent, trial with { State = JobState.Failed }, "3", values, null);
        Assert.Equal("FAILED", neverReported["state"]!.GetValue<string>());
        Assert.Null(neverReported["finalMetric"]);

        string folder = _dir.Combine("trial");
        TrialHparamsFile.Write(folder, ended);
        TrialHparamsFile.Write(folder, ended); // a rewrite replaces the file and leaves no temp file behind
        Assert.Equal(["hparams.json"], Directory.GetFiles(folder).Select(Path.GetFileName));
        Assert.Equal(ended.ToJsonString(), JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "hparams.json")))!.ToJsonString());
    }

    /// <summary>Through the engine: the files appear in the trial dirs while the trials are held, and get their end once they ran.</summary>
    [Fact]
    public async Task The_engine_writes_each_trials_file_when_it_is_created_and_again_when_it_ends()
    {
        var trainer = new GatedTrainer(_dir.Combine("trainer"), "true"); // a trial "trains" by exiting 0: no metric is reported
        using var store = SqlJobStore.OpenSqlite(_dir.Combine("jobs.db"));
        var engine = new JobEngine(store, new LocalProcessBackend(2), new JobEngineOptions
        {
            DataDirectory = _dir.Combine("data"),
            EngineId = "hparams-test",
            Trainer = trainer.Command,
            PollInterval = TimeSpan.FromMilliseconds(100),
        });
        engine.Start();
        try
        {
            var parent = engine.Submit(TuningSpec("tune_h", 2));
            string[] files = [.. new[] { "1", "2" }.Select(n => Path.Combine(engine.ModelDirectory(parent), n, "hparams.json"))];
            var created = files.Select(f => WaitUntil(f, json => true)).ToArray();
            for (int i = 0; i < 2; i++)
            {
                var json = created[i];
                Assert.Equal(("tune_h", $"{i + 1}", $"tune_h_trial_{i + 1}", "loss", "MINIMIZE"),
                    (Text(json, "tuningJobId"), Text(json, "trialId"), Text(json, "jobId"), Text(json, "metricTag"), Text(json, "goal")));
                var values = json["hyperparameters"]!.AsObject();
                Assert.InRange(values["model.linearOptimizer.learningRate"]!.GetValue<double>(), 0.001, 0.1);
                Assert.InRange(values["--max-steps"]!.GetValue<long>(), 10, 20);
                Assert.Contains(values["model.hiddenUnits"]!.GetValue<string>(), (string[])["64,32", "16"]);
                Assert.Contains(values["training.batchSize"]!.GetValue<double>(), (double[])[32, 64]);
                Assert.Null(json["state"]); // not ended yet: the gate holds both trials
                Assert.Null(json["finalMetric"]);
            }

            trainer.Open("tune_h_trial_1");
            trainer.Open("tune_h_trial_2");
            foreach (string file in files)
            {
                var ended = WaitUntil(file, json => json["state"] is not null);
                Assert.Equal("SUCCEEDED", Text(ended, "state"));
                Assert.Null(ended["finalMetric"]); // the metric was never reported
            }
            Assert.Equal(created.Select(c => c["hyperparameters"]!.ToJsonString()), files.Select(f => JsonNode.Parse(File.ReadAllText(f))!["hyperparameters"]!.ToJsonString()));
        }
        finally
        {
            await engine.DisposeAsync();
        }
    }

    private static string Text(JsonNode json, string name) => json[name]!.GetValue<string>();

    /// <summary>Polls <paramref name="path"/> until it exists and <paramref name="done"/> holds (the file is always whole: it is renamed into place).</summary>
    private static JsonObject WaitUntil(string path, Func<JsonObject, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(120);
        while (true)
        {
            if (File.Exists(path) && JsonNode.Parse(File.ReadAllText(path))!.AsObject() is var json && done(json)) return json;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{path}: {(File.Exists(path) ? File.ReadAllText(path) : "missing")}");
            Thread.Sleep(100);
        }
    }

    public void Dispose() => _dir.Dispose();
}
