using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sluice.TestKit;

namespace Sluice.Board.Tests.Api;

/// <summary>The APIs behind the HParams, Histograms and Data pages, against a real board over files written here.</summary>
public sealed class FeaturePagesApiTests
{
    [Fact]
    public async Task Hparams_lists_each_trial_with_its_hyperparameters_objective_and_final_eval_metrics()
    {
        using var dir = new TempDirectory();
        TuningLogs.Write(dir.Path);
        await using var board = await BoardHost.StartAsync(dir.Path);

        JsonElement table = await board.Client.GetFromJsonAsync<JsonElement>("/api/hparams");
        Assert.Equal(["hidden_units", "learning_rate"], table.GetProperty("hyperparameters").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(["accuracy", "auc"], table.GetProperty("metrics").EnumerateArray().Select(e => e.GetString()));
        JsonElement[] trials = [.. table.GetProperty("trials").EnumerateArray()];
        Assert.Equal(["1", "2", "3", "4"], trials.Select(t => t.GetProperty("run").GetString()));
        for (int i = 0; i < trials.Length; i++)
        {
            var expected = TuningLogs.Trials[i];
            JsonElement trial = trials[i];
            Assert.Equal($"tune1_trial_{i + 1}", trial.GetProperty("jobId").GetString());
            Assert.Equal($"{i + 1}/eval", trial.GetProperty("evalRun").GetString());
            Assert.Equal(expected.State, trial.GetProperty("state").GetString());
            Assert.Equal(JsonValueKind.Number, trial.GetProperty("hyperparameters").GetProperty("learning_rate").ValueKind); // numbers stay numbers
            Assert.Equal(expected.LearningRate, trial.GetProperty("hyperparameters").GetProperty("learning_rate").GetDouble());
            Assert.Equal(expected.HiddenUnits, trial.GetProperty("hyperparameters").GetProperty("hidden_units").GetString());
            Assert.Equal(expected.Auc, trial.GetProperty("finalMetric").GetProperty("objectiveValue").GetDouble(), 6);
            // The final metrics are the last eval values (step 300), not the earlier ones.
            Assert.Equal(expected.Auc, trial.GetProperty("metrics").GetProperty("auc").GetDouble(), 6);
            Assert.Equal(0.75 + i * 0.01, trial.GetProperty("metrics").GetProperty("accuracy").GetDouble(), 6);
            Assert.Equal(300, trial.GetProperty("metricsStep").GetInt64());
        }
    }

    [Fact]
    public async Task A_bad_hparams_file_becomes_a_row_whose_error_names_the_file_and_line_or_field()
    {
        using var dir = new TempDirectory();
        TuningLogs.Write(dir.Path);
        File.WriteAllText(dir.Combine("2", "hparams.json"), "{\"trialId\": \"2\",\n \"hyperparameters\": {\"learning_rate\": 0.1,,}}");
        File.WriteAllText(dir.Combine("3", "hparams.json"), "{\"trialId\": \"3\", \"hyperparameters\": {\"layers\": [1, 2]}}");
        await using var board = await BoardHost.StartAsync(dir.Path);

        JsonElement[] trials = [.. (await board.Client.GetFromJsonAsync<JsonElement>("/api/hparams")).GetProperty("trials").EnumerateArray()];
        Assert.Equal(JsonValueKind.Null, trials[0].GetProperty("error").ValueKind);
        string syntax = trials[1].GetProperty("error").GetString()!;
        Assert.Contains(dir.Combine("2", "hparams.json"), syntax);
        Assert.Contains("line 2", syntax);
        string shape = trials[2].GetProperty("error").GetString()!;
        Assert.Contains(dir.Combine("3", "hparams.json"), shape);
        Assert.Contains("$.hyperparameters.layers", shape);
    }

    [Fact]
    public async Task Histograms_lists_tags_per_run_and_serves_rebinned_steps_on_one_range()
    {
        using var dir = new TempDirectory();
        HistogramLogs.Write(dir.Path, steps: 4);
        await using var board = await BoardHost.StartAsync(dir.Path);

        JsonElement tags = await board.Client.GetFromJsonAsync<JsonElement>("/api/histograms");
        JsonElement run = Assert.Single(tags.GetProperty("runs").EnumerateArray());
        Assert.Equal(".", run.GetProperty("run").GetString());
        Assert.Equal([HistogramLogs.Bias, HistogramLogs.Kernel], run.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));

        JsonElement data = await board.Client.GetFromJsonAsync<JsonElement>($"/api/histograms/data?run=.&tag={Uri.EscapeDataString(HistogramLogs.Kernel)}&bins=20");
        JsonElement[] histograms = [.. data.GetProperty("histograms").EnumerateArray()];
        Assert.Equal([100L, 200, 300, 400], histograms.Select(h => h.GetProperty("step").GetInt64()));
        double low = data.GetProperty("low").GetDouble(), high = data.GetProperty("high").GetDouble();
        for (int s = 0; s < histograms.Length; s++)
        {
            double[] values = HistogramLogs.KernelValues(s);
            double[] bins = [.. histograms[s].GetProperty("bins").EnumerateArray().Select(b => b.GetDouble())];
            Assert.Equal(20, bins.Length);
            AssertClose.Scalar(values.Length, bins.Sum(), 0, 1e-3);
            Assert.Equal(values.Min(), histograms[s].GetProperty("min").GetDouble(), 9);
            Assert.True(low <= values.Min() && high >= values.Max(), "one range covers every step");
        }
        // The spread widens with the steps: the last histogram's extreme bins hold more than the first's.
        static double Tails(JsonElement h) { var b = h.GetProperty("bins").EnumerateArray().Select(x => x.GetDouble()).ToArray(); return b[..5].Sum() + b[^5..].Sum(); }
        Assert.True(Tails(histograms[^1]) > Tails(histograms[0]));

        // A constant histogram gets a padded range instead of a zero-width one.
        JsonElement bias = await board.Client.GetFromJsonAsync<JsonElement>($"/api/histograms/data?run=.&tag={Uri.EscapeDataString(HistogramLogs.Bias)}&bins=5");
        Assert.True(bias.GetProperty("high").GetDouble() > bias.GetProperty("low").GetDouble());
        Assert.Equal([0, 0, 3, 0, 0], bias.GetProperty("histograms")[0].GetProperty("bins").EnumerateArray().Select(b => b.GetDouble()));

        var missing = await board.Client.GetAsync("/api/histograms/data?run=.&tag=nope");
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Contains("no histogram tag 'nope'", await missing.Content.ReadAsStringAsync());
        var bad = await board.Client.GetAsync($"/api/histograms/data?run=.&tag=x&bins=0");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("'bins'", await bad.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Profiles_come_from_the_profile_option_and_the_logdir_and_only_listed_files_are_served()
    {
        using var dir = new TempDirectory();
        using var elsewhere = new TempDirectory();
        (string given, _) = CensusProfile.Write(elsewhere.Path);
        Directory.CreateDirectory(dir.Combine("data"));
        File.Copy(given, dir.Combine("data", "train.profile.json"));
        File.WriteAllText(dir.Combine("broken.profile.json"), "{\"file\": \"x.csv\", \"columns\": [{\"type\": \"float32\"}]}");
        await using var board = await BoardHost.StartAsync(dir.Path, profiles: [given]);

        JsonElement[] profiles = [.. (await board.Client.GetFromJsonAsync<JsonElement>("/api/profiles")).GetProperty("profiles").EnumerateArray()];
        Assert.Equal([given, dir.Combine("broken.profile.json"), dir.Combine("data", "train.profile.json")],
            profiles.Select(p => p.GetProperty("path").GetString()));
        Assert.Equal("census-slice.csv", profiles[0].GetProperty("name").GetString());
        Assert.Contains("$.columns[0].name", profiles[1].GetProperty("error").GetString());

        JsonElement document = await board.Client.GetFromJsonAsync<JsonElement>($"/api/profiles/data?path={Uri.EscapeDataString(given)}");
        Assert.Equal(400, document.GetProperty("rows").GetInt64());

        // Only catalogued profiles are served: the board is not a file server.
        var outside = await board.Client.GetAsync($"/api/profiles/data?path={Uri.EscapeDataString(dir.Combine("..", "etc", "passwd"))}");
        Assert.Equal(HttpStatusCode.NotFound, outside.StatusCode);
    }
}
