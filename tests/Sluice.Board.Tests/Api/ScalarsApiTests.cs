using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Sluice.Events;
using Sluice.TestKit;

namespace Sluice.Board.Tests.Api;

public sealed class ScalarsApiTests
{
    private static string[] Names(JsonElement runs) =>
        runs.GetProperty("runs").EnumerateArray().Select(r => r.GetProperty("name").GetString()!).ToArray();

    [Fact]
    public async Task Runs_lists_the_model_dir_and_its_eval_dir_with_their_tags()
    {
        using var dir = new TempDirectory();
        CensusLogs.Write(dir.Path);
        await using var board = await BoardHost.StartAsync(dir.Path);

        JsonElement runs = await board.GetRunsAsync();
        Assert.Equal([".", "eval"], Names(runs));
        JsonElement train = runs.GetProperty("runs")[0];
        Assert.Equal(["average_loss", "dnn/learning_rate", "global_step/sec", "linear/learning_rate", "loss"],
            train.GetProperty("tags").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(120 * 2 + 12 * 3, train.GetProperty("points").GetInt64());
        Assert.Equal(JsonValueKind.Null, train.GetProperty("error").ValueKind);
    }

    [Fact]
    public async Task Chart_data_has_every_point_smoothed_when_under_budget_and_is_downsampled_above_it()
    {
        using var dir = new TempDirectory();
        CensusLogs.Write(dir.Path, trainSteps: 3000);
        await using var board = await BoardHost.StartAsync(dir.Path, samplesPerSeries: 500);

        JsonElement full = await board.Client.GetFromJsonAsync<JsonElement>("/api/scalars?tag=loss&run=eval&smoothing=0");
        JsonElement eval = Assert.Single(full.GetProperty("series").EnumerateArray());
        Assert.Equal(5, eval.GetProperty("points").GetArrayLength());
        JsonElement first = eval.GetProperty("points")[0];
        Assert.Equal(CensusLogs.StartTime + 600 * 0.25 + 1, first[0].GetDouble(), 6);
        Assert.Equal(600, first[1].GetInt64());
        Assert.Equal(CensusLogs.Loss(600) + 0.02f, first[2].GetSingle());
        Assert.Equal(first[2].GetDouble(), first[3].GetDouble(), 6); // smoothing 0: smoothed == raw

        JsonElement train = (await board.Client.GetFromJsonAsync<JsonElement>("/api/scalars?tag=loss&run=.&smoothing=0.9")).GetProperty("series")[0];
        Assert.Equal(3000, train.GetProperty("total").GetInt32());
        int drawn = train.GetProperty("points").GetArrayLength();
        Assert.InRange(drawn, 400, 500);
        Assert.Equal(3000, train.GetProperty("points")[drawn - 1][1].GetInt64());
        Assert.NotEqual(train.GetProperty("points")[5][2].GetDouble(), train.GetProperty("points")[5][3].GetDouble());
    }

    [Fact]
    public async Task All_runs_of_a_tag_come_back_when_no_run_is_named()
    {
        using var dir = new TempDirectory();
        CensusLogs.Write(dir.Path);
        await using var board = await BoardHost.StartAsync(dir.Path);
        JsonElement data = await board.Client.GetFromJsonAsync<JsonElement>("/api/scalars?tag=loss");
        Assert.Equal([".", "eval"], data.GetProperty("series").EnumerateArray().Select(s => s.GetProperty("run").GetString()));
    }

    [Fact]
    public async Task Csv_download_matches_the_event_file_exactly()
    {
        using var dir = new TempDirectory();
        CensusLogs.Write(dir.Path, trainSteps: 2500); // more points than the chart budget: downloads are never downsampled
        await using var board = await BoardHost.StartAsync(dir.Path);

        HttpResponseMessage response = await board.Client.GetAsync("/api/scalars/download?run=.&tag=loss&format=csv");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("root-loss.csv", response.Content.Headers.ContentDisposition!.FileNameStar ?? response.Content.Headers.ContentDisposition.FileName);
        string[] lines = (await response.Content.ReadAsStringAsync()).TrimEnd('\n').Split('\n');

        var expected = ReadSeries(dir.Path, "loss");
        Assert.Equal("Wall time,Step,Value", lines[0]);
        Assert.Equal(expected.Count, lines.Length - 1);
        for (int i = 0; i < expected.Count; i++)
        {
            string[] fields = lines[i + 1].Split(',');
            Assert.Equal(expected[i].WallTime, double.Parse(fields[0], CultureInfo.InvariantCulture));
            Assert.Equal(expected[i].Step, long.Parse(fields[1], CultureInfo.InvariantCulture));
            Assert.Equal(expected[i].Value, float.Parse(fields[2], CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public async Task All_runs_download_has_a_run_column_and_json_follows_tensorboard()
    {
        using var dir = new TempDirectory();
        CensusLogs.Write(dir.Path, trainSteps: 20);
        await using var board = await BoardHost.StartAsync(dir.Path);

        string csv = await board.Client.GetStringAsync("/api/scalars/download?tag=loss&format=csv");
        string[] lines = csv.TrimEnd('\n').Split('\n');
        Assert.Equal("Run,Wall time,Step,Value", lines[0]);
        Assert.Equal(20, lines.Count(l => l.StartsWith(".,", StringComparison.Ordinal)));
        Assert.Equal(5, lines.Count(l => l.StartsWith("eval,", StringComparison.Ordinal)));

        JsonElement json = await board.Client.GetFromJsonAsync<JsonElement>("/api/scalars/download?tag=accuracy&format=json");
        JsonElement evalPoints = json.GetProperty("eval");
        Assert.Equal(5, evalPoints.GetArrayLength());
        Assert.Equal(0.78f + 0.012f, evalPoints[0][2].GetSingle());

        // TensorBoard's own routes answer the same data.
        JsonElement tbTags = await board.Client.GetFromJsonAsync<JsonElement>("/data/plugin/scalars/tags");
        Assert.Equal("auc", tbTags.GetProperty("eval").GetProperty("auc").GetProperty("displayName").GetString());
        JsonElement tbScalars = await board.Client.GetFromJsonAsync<JsonElement>("/data/plugin/scalars/scalars?run=eval&tag=auc");
        Assert.Equal(5, tbScalars.GetArrayLength());
        string tbCsv = await board.Client.GetStringAsync("/data/plugin/scalars/scalars?run=eval&tag=auc&format=csv");
        Assert.StartsWith("Wall time,Step,Value\n", tbCsv, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/api/scalars", "'tag' is required")]
    [InlineData("/api/scalars?tag=loss&smoothing=1.5", "'smoothing' must be a number in [0, 1)")]
    [InlineData("/api/scalars?tag=loss&samples=x", "'samples' must be an integer")]
    [InlineData("/api/scalars/download?tag=loss&format=xml", "'format' must be 'csv' or 'json'")]
    [InlineData("/data/plugin/scalars/scalars?run=eval", "'run' and 'tag' are required")]
    public async Task Bad_requests_name_the_parameter(string url, string message)
    {
        using var dir = new TempDirectory();
        CensusLogs.Write(dir.Path, trainSteps: 5);
        await using var board = await BoardHost.StartAsync(dir.Path);
        HttpResponseMessage response = await board.Client.GetAsync(url);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(message, (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }

    [Fact]
    public async Task Unknown_run_or_tag_is_a_404_naming_it()
    {
        using var dir = new TempDirectory();
        CensusLogs.Write(dir.Path, trainSteps: 5);
        await using var board = await BoardHost.StartAsync(dir.Path);
        HttpResponseMessage response = await board.Client.GetAsync("/api/scalars/download?run=nope&tag=loss");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Run 'nope' has no scalar tag 'loss'", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task New_runs_and_appended_events_appear_live()
    {
        using var dir = new TempDirectory();
        await using var board = await BoardHost.StartAsync(dir.Path);
        Assert.Empty(Names(await board.GetRunsAsync()));

        using var writer = new EventFileWriter(dir.Combine("run-a"));
        writer.WriteScalar("loss", 1, 1f);
        await board.WaitUntilAsync(async () => Names(await board.GetRunsAsync()).SequenceEqual(["run-a"]), "run-a to appear");

        for (int step = 2; step <= 50; step++) writer.WriteScalar("loss", step, 1f / step);
        await board.WaitUntilAsync(async () =>
        {
            JsonElement data = await board.Client.GetFromJsonAsync<JsonElement>("/api/scalars?tag=loss&run=run-a");
            return data.GetProperty("series")[0].GetProperty("total").GetInt32() == 50;
        }, "50 points");

        // Tailing read each record once: no duplicates after several more reloads.
        await Task.Delay(600);
        JsonElement after = await board.Client.GetFromJsonAsync<JsonElement>("/api/scalars?tag=loss&run=run-a");
        Assert.Equal(50, after.GetProperty("series")[0].GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task A_corrupt_event_file_is_reported_on_its_run_and_earlier_data_kept()
    {
        using var dir = new TempDirectory();
        string path;
        using (var writer = new EventFileWriter(dir.Combine("broken")))
        {
            for (int step = 1; step <= 10; step++) writer.WriteScalar("loss", step, step);
            path = writer.FilePath;
        }
        byte[] bytes = File.ReadAllBytes(path);
        bytes[^3] ^= 0xFF; // last record's data CRC
        File.WriteAllBytes(path, bytes);

        await using var board = await BoardHost.StartAsync(dir.Path);
        JsonElement run = (await board.GetRunsAsync()).GetProperty("runs")[0];
        Assert.Equal(9, run.GetProperty("points").GetInt64());
        string error = run.GetProperty("error").GetString()!;
        Assert.Contains(path, error);
        Assert.Contains("CRC", error);
    }

    [Fact]
    public async Task A_missing_logdir_is_an_error_state_not_a_crash()
    {
        using var dir = new TempDirectory();
        await using var board = await BoardHost.StartAsync(dir.Combine("not-there"));
        JsonElement runs = await board.GetRunsAsync();
        Assert.Contains("does not exist", runs.GetProperty("error").GetString());
        Assert.Empty(Names(runs));
    }

    private static List<(double WallTime, long Step, float Value)> ReadSeries(string directory, string tag)
    {
        string file = Directory.GetFiles(directory, "*tfevents*").Single();
        return EventFileReader.ReadFile(file)
            .SelectMany(e => e.Values.Where(v => v.Tag == tag).Select(v => (e.WallTime, e.Step, v.Scalar!.Value)))
            .ToList();
    }
}
