using System.Text.Json.Nodes;
using Sluice.TestKit;

namespace Sluice.Jobs.Tests.Engine;

/// <summary>The census story through the real engine process and CLI: train, stream logs, deploy, predict, batch predict, promote.</summary>
[Collection(EngineCollection.Name)]
public sealed class CensusJobTests : IDisposable
{
    private readonly TempDirectory _dir = new("sluice-jobs-census");

    [Fact]
    public async Task Census_job_streams_logs_to_succeeded_deploys_predicts_batch_predicts_and_promotes_only_if_better()
    {
        using var engine = EngineProcess.Start(_dir.Combine("engine"));

        // Auth is on by default: no key, no jobs.
        var (denied, _, deniedError) = EngineProcess.Run(engine.Url, null, "jobs", "list");
        Assert.Equal(1, denied);
        Assert.Contains("401", deniedError);

        // 1. Submit from the CLI and stream the log to the end.
        var (code, output, error) = engine.Cli("jobs", "submit", "training", "census_good", "--config", TestConfigs.Training(_dir.Path, "good", 300, 0.1), "--stream-logs");
        Assert.True(code == 0, output + error);
        Assert.Contains("engine PREPARING", output);
        Assert.Contains("stdout Exported: ", output);
        Assert.Contains("Job [census_good] SUCCEEDED", output);
        Assert.Matches(@"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z stderr ", output); // stderr captured line by line, time-stamped
        var job = engine.Describe("census_good");
        double auc = job["trainingOutput"]!["finalMetrics"]!["auc"]!.GetValue<double>();
        Assert.InRange(auc, 0.8, 1.0);
        Assert.Equal(300, job["trainingOutput"]!["globalStep"]!.GetValue<long>());

        // 2. Deploy its export and predict through the same URL (the engine proxies the model server).
        (code, output, error) = engine.Cli("jobs", "deploy", "census_good", "--model", "census", "--format", "json");
        Assert.True(code == 0, error);
        var deployed = JsonNode.Parse(output)!;
        Assert.True(deployed["isDefault"]!.GetValue<bool>());
        using (var http = new HttpClient { BaseAddress = engine.Url })
        {
            http.DefaultRequestHeaders.Authorization = new("Bearer", engine.ApiKey);
            var response = await http.PostAsync("/v1/models/census:predict", new StringContent("""{"instances": [{"age": 50, "workclass": "Self-emp-inc", "education": "Doctorate", "marital_status": "Married-civ-spouse", "occupation": "Exec-managerial", "relationship": "Husband"}]}"""));
            string body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, body);
            Assert.Equal(">50K", JsonNode.Parse(body)!["predictions"]![0]!["classes"]![0]!.GetValue<string>());
        }

        // 2b. A separate `sluice serve` on the engine's data dir shares its models, versions and API keys.
        using (var serve = ServeProcess.Start(engine.DataDirectory))
        using (var http = new HttpClient { BaseAddress = serve.Url })
        {
            http.DefaultRequestHeaders.Authorization = new("Bearer", engine.ApiKey);
            var response = await http.PostAsync("/v1/models/census:predict", new StringContent("""{"instances": [{"age": 50, "workclass": "Self-emp-inc", "education": "Doctorate", "marital_status": "Married-civ-spouse", "occupation": "Exec-managerial", "relationship": "Husband"}]}"""));
            string body = await response.Content.ReadAsStringAsync();
            Assert.True(response.IsSuccessStatusCode, body);
            Assert.Equal(">50K", JsonNode.Parse(body)!["predictions"]![0]!["classes"]![0]!.GetValue<string>());
        }

        // 3. Batch prediction by model name, JSONL glob with bad rows; a re-run replaces, never duplicates, the outputs.
        string inputs = Directory.CreateDirectory(_dir.Combine("inputs")).FullName;
        File.WriteAllText(Path.Combine(inputs, "a.jsonl"), """
            {"age": 25, "workclass": "Private", "education": "11th", "marital_status": "Never-married", "occupation": "Machine-op-inspct", "relationship": "Own-child", "income_bracket": "<=50K"}
            {"age": "old", "workclass": "Private"}
            not json
            """ + "\n");
        File.WriteAllText(Path.Combine(inputs, "b.jsonl"), string.Concat(Enumerable.Repeat("""{"age": 50, "workclass": "Self-emp-inc", "education": "Doctorate", "marital_status": "Married-civ-spouse", "occupation": "Exec-managerial", "relationship": "Husband"}""" + "\n", 70)));
        string outputs = _dir.Combine("predictions");
        foreach (string id in new[] { "batch_1", "batch_2" })
        {
            (code, output, error) = engine.Cli("jobs", "submit", "prediction", id, "--model", "census", "--input-paths", Path.Combine(inputs, "*.jsonl"), "--output-path", outputs, "--data-format", "JSON", "--batch-size", "32", "--stream-logs");
            Assert.True(code == 0, output + error);
            var prediction = engine.Describe(id)["predictionOutput"]!;
            Assert.Equal(71, prediction["predictionCount"]!.GetValue<long>());
            Assert.Equal(2, prediction["errorCount"]!.GetValue<long>());
        }
        var results = Directory.GetFiles(outputs, "prediction.results-*");
        Assert.Equal(["prediction.results-00000-of-00001"], results.Select(Path.GetFileName));
        Assert.Equal(71, File.ReadAllLines(results[0]).Length);
        var errors = File.ReadAllLines(Path.Combine(outputs, "prediction.errors_stats-00000-of-00001"));
        Assert.Equal(2, errors.Length);
        Assert.Contains("a.jsonl:2", errors[0]);
        Assert.Contains("feature 'age': expected a number", errors[0]);
        Assert.Contains("a.jsonl:3", errors[1]);
        Assert.Contains("invalid JSON", errors[1]);
        Assert.Empty(Directory.GetDirectories(outputs)); // no temp folders left behind

        // 4. Promote-if-better, both ways, scored on the same eval data.
        string evalData = RepoPaths.Samples("census", "data", "adult.test");
        (code, output, error) = engine.Cli("jobs", "submit", "training", "census_bad", "--config", TestConfigs.Training(_dir.Path, "bad", 100, 0.00001), "--stream-logs");
        Assert.True(code == 0, output + error);
        (code, output, error) = engine.Cli("jobs", "deploy", "census_bad", "--model", "census", "--promote-if-better", "auc", "--eval-data", evalData, "--format", "json");
        Assert.True(code == 0, error);
        var worse = JsonNode.Parse(output)!;
        Assert.False(worse["promoted"]!.GetValue<bool>());
        Assert.True(worse["newScore"]!.GetValue<double>() < worse["previousScore"]!.GetValue<double>());
        Assert.Equal(deployed["version"]!.GetValue<string>(), worse["previousDefault"]!.GetValue<string>());

        (code, output, error) = engine.Cli("jobs", "submit", "training", "census_better", "--config", TestConfigs.Training(_dir.Path, "better", 600, 0.1), "--stream-logs");
        Assert.True(code == 0, output + error);
        (code, output, error) = engine.Cli("jobs", "deploy", "census_better", "--model", "census", "--promote-if-better", "auc", "--eval-data", evalData, "--format", "json");
        Assert.True(code == 0, error);
        var better = JsonNode.Parse(output)!;
        Assert.True(better["newScore"]!.GetValue<double>() > better["previousScore"]!.GetValue<double>(), better.ToJsonString());
        Assert.True(better["promoted"]!.GetValue<bool>());
        // Both scores are recorded on the job.
        var recorded = engine.Describe("census_better")["trainingOutput"]!["deployments"]![0]!;
        Assert.Equal(better["newScore"]!.GetValue<double>(), recorded["newScore"]!.GetValue<double>());
        Assert.Equal(better["previousScore"]!.GetValue<double>(), recorded["previousScore"]!.GetValue<double>());

        // 5. list with a filter, as a table and as JSON.
        (code, output, _) = engine.Cli("jobs", "list", "--filter", "jobId:census_* AND state:SUCCEEDED", "--format", "json");
        Assert.Equal(0, code);
        Assert.Equal(["census_good", "census_bad", "census_better"], JsonNode.Parse(output)!.AsArray().Select(j => j!["jobId"]!.GetValue<string>()));
        (code, output, _) = engine.Cli("jobs", "list");
        Assert.Contains("JOB_ID", output);
        Assert.Contains("batch_2", output);
    }

    public void Dispose() => _dir.Dispose();
}
