using System.Text.Json.Nodes;
using Sluice.Estimators.Config;
using Sluice.Jobs.Prediction;
using Sluice.Jobs.Running;
using Sluice.Jobs.Spec;
using Sluice.TestKit;

namespace Sluice.Jobs.Tests.Prediction;

/// <summary>Batch prediction over CSV with a real (briefly trained) census export, in process.</summary>
public sealed class BatchPredictionTests : IDisposable
{
    private readonly TempDirectory _dir = new("sluice-jobs-batch");

    private string TrainExport()
    {
        string config = TrainingConfigWriter.Write(RepoPaths.Samples("census", "wide.yaml"), new Dictionary<string, string>
        {
            ["evaluation.everyEpochs"] = "null", ["evaluation.everySteps"] = "50",
        }, _dir.Combine("config.yaml"));
        var run = ConfiguredTraining.Train(config, _dir.Combine("model"), maxSteps: 50);
        return Assert.Single(run.Exports);
    }

    [Fact]
    public void Predicts_csv_in_shards_with_an_errors_file_and_reruns_without_duplicates()
    {
        string export = TrainExport();
        string inputs = Directory.CreateDirectory(_dir.Combine("in")).FullName;
        var lines = new List<string> { "age,workclass,education,marital_status,occupation,relationship,income_bracket" };
        for (int i = 0; i < 40; i++) lines.Add($"{20 + i},Private,Bachelors,Never-married,\"Prof-specialty\",Not-in-family,<=50K");
        lines.Add("abc,Private,Bachelors,Never-married,Sales,Husband,<=50K");   // not a number
        lines.Add("30,Private,Bachelors");                                      // too few fields
        File.WriteAllLines(Path.Combine(inputs, "part-1.csv"), lines);
        File.WriteAllLines(Path.Combine(inputs, "ignored.txt"), ["not matched by the glob"]);
        var input = new PredictionInput(null, null, export, DataFormat.Csv, [Path.Combine(inputs, "part-*.csv")], _dir.Combine("out"), BatchSize: 16);

        for (int run = 0; run < 2; run++)
        {
            var summary = BatchPrediction.Run(export, input);
            Assert.Equal((40L, 2L), (summary.PredictionCount, summary.ErrorCount));
        }
        var results = Directory.GetFiles(_dir.Combine("out"), "prediction.results-*");
        Assert.Equal("prediction.results-00000-of-00001", Path.GetFileName(Assert.Single(results)));
        var rows = File.ReadAllLines(results[0]).Select(l => JsonNode.Parse(l)!).ToList();
        Assert.Equal(40, rows.Count);
        Assert.EndsWith("part-1.csv:2", rows[0]["source"]!.GetValue<string>());
        foreach (var row in rows)
        {
            var p = row["probabilities"]!.AsArray().Select(v => v!.GetValue<float>()).ToArray();
            Assert.Equal(1f, p[0] + p[1], 4);
            Assert.Contains(row["classes"]![0]!.GetValue<string>(), (string[])["<=50K", ">50K"]);
        }
        var errors = File.ReadAllLines(_dir.Combine("out", "prediction.errors_stats-00000-of-00001"));
        Assert.Equal(2, errors.Length);
        Assert.Contains("part-1.csv:42", errors[0]);
        Assert.Contains("feature 'age': expected a number", errors[0]);
        Assert.Contains("expected 7 fields", errors[1]);
    }

    [Fact]
    public void A_glob_that_matches_nothing_names_the_input()
    {
        var e = Assert.Throws<ArgumentException>(() => InputFiles.Expand([_dir.Combine("none-*.jsonl")]));
        Assert.Contains("inputPaths[0]", e.Message);
        Assert.Contains("matched no files", e.Message);
    }

    public void Dispose() => _dir.Dispose();
}
