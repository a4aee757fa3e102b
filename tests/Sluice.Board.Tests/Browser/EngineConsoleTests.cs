using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Playwright;
using Sluice.Jobs.Http;
using Sluice.Jobs.Running;
using Sluice.Serving.Auth;
using Sluice.Serving.State;
using Sluice.TestKit;

namespace Sluice.Board.Tests.Browser;

/// <summary>
/// The console pages inside a real engine (the in-process <see cref="EngineHost"/>, running `sluice train` as a child
/// process): a tiny census job's logs on the job page, set-default on the Models page, the bad-key state, and the
/// engine's REST routes still answering beside the pages.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class EngineConsoleTests(ChromiumFixture chromium)
{
    private const string Jobs = "/v1/projects/sluice/jobs";
    private const string Models = "/v1/projects/sluice/models";

    /// <summary>The census wide sample over the first rows of its data (one short epoch, one evaluation, a final export).</summary>
    private static string WriteTinyCensus(string directory)
    {
        string data = Directory.CreateDirectory(Path.Combine(directory, "data")).FullName;
        File.WriteAllLines(Path.Combine(data, "adult.data"), File.ReadLines(RepoPaths.Samples("census", "data", "adult.data")).Take(1200));
        File.WriteAllLines(Path.Combine(data, "adult.test"), File.ReadLines(RepoPaths.Samples("census", "data", "adult.test")).Take(300));
        string config = Path.Combine(directory, "census.yaml");
        File.Copy(RepoPaths.Samples("census", "wide.yaml"), config);
        return config;
    }

    private static async Task<JsonObject> WaitForJobAsync(HttpClient http, string jobId)
    {
        // Generous: a loaded 2-core machine; the job normally takes seconds.
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(4);
        while (true)
        {
            var job = (await http.GetFromJsonAsync<JsonObject>($"{Jobs}/{jobId}"))!;
            string state = job["state"]!.GetValue<string>();
            if (state is "SUCCEEDED" or "FAILED" or "CANCELLED") return job;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"{jobId} is still {state}: {job.ToJsonString()}");
            await Task.Delay(250);
        }
    }

    private static async Task WaitForReadyAsync(HttpClient http, string model, string version)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
        while (true)
        {
            var v = (await http.GetFromJsonAsync<JsonObject>($"{Models}/{model}/versions/{version}"))!;
            string state = v["state"]!.GetValue<string>();
            if (state == "READY") return;
            Assert.NotEqual("FAILED", state);
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"version {version} is still {state}");
            await Task.Delay(200);
        }
    }

    /// <summary>An in-process engine over <paramref name="dataDirectory"/> with an admin key, and a client that sends it.</summary>
    private static async Task<(EngineHost Engine, HttpClient Http, string ApiKey)> StartEngineAsync(string dataDirectory)
    {
        Directory.CreateDirectory(dataDirectory);
        string apiKey = new ApiKeyStore(new ServerStateStore(dataDirectory)).Create("board-tests", null, null, admin: true).Key;
        EngineHost engine = await EngineHost.StartAsync(new EngineOptions
        {
            DataDirectory = dataDirectory,
            Port = 0,
            Slots = 1,
            EngineId = "board-tests",
            Trainer = TrainerCommand.Dll(Path.Combine(AppContext.BaseDirectory, "sluice.dll")),
        });
        var http = new HttpClient { BaseAddress = engine.Address, Timeout = TimeSpan.FromSeconds(60) };
        http.DefaultRequestHeaders.Add("x-api-key", apiKey);
        return (engine, http, apiKey);
    }

    [Fact]
    public async Task Jobs_job_logs_models_set_default_and_a_bad_key_in_the_engine_console()
    {
        using var dir = new TempDirectory("sluice-board-engine");
        string dataDirectory = dir.Combine("engine");
        var (engineHost, http, apiKey) = await StartEngineAsync(dataDirectory);
        await using var engine = engineHost;
        using var client = http;

        // A real training job through the engine's REST API.
        string config = WriteTinyCensus(dir.Path);
        var submit = await http.PostAsJsonAsync(Jobs, new JsonObject
        {
            ["jobId"] = "census_board",
            ["trainingInput"] = new JsonObject
            {
                ["scaleTier"] = "BASIC",
                ["config"] = config,
                ["args"] = new JsonArray("--epochs", "1"),
                ["overrides"] = new JsonObject { ["evaluation.everyEpochs"] = "1" },
            },
        });
        Assert.True(submit.IsSuccessStatusCode, await submit.Content.ReadAsStringAsync());
        JsonObject job = await WaitForJobAsync(http, "census_board");
        Assert.True(job["state"]!.GetValue<string>() == "SUCCEEDED", job.ToJsonString());
        string export = job["trainingOutput"]!["exports"]![0]!.GetValue<string>();

        await using var session = new PageSession(chromium);
        string board = new Uri(engine.Address, "/board/").ToString();

        // 1. Jobs without a key: the page says so (the engine answers 401).
        IPage page = await session.OpenAsync(board + "jobs.html", httpErrorsAreFailures: false);
        await page.Locator("#message h3").WaitForAsync();
        Assert.Equal("API key needed", await page.Locator("#message h3").TextContentAsync());
        Assert.Contains("401", await page.Locator("#message").TextContentAsync());
        Assert.Equal(["Scalars", "Histograms", "HParams", "Data", "Jobs", "Models"], await page.Locator("#nav a").AllTextContentsAsync());
        await ChromiumFixture.ScreenshotAsync(page, "console-jobs-no-key");

        // 2. The key, entered once, lists the job.
        await page.Locator("#api-key").FillAsync(apiKey);
        await page.Locator("#save-key").ClickAsync();
        ILocator row = page.Locator("#jobs-table tr[data-job='census_board']");
        await row.WaitForAsync();
        Assert.Equal("SUCCEEDED", await row.Locator(".state").TextContentAsync());
        Assert.Equal("training", await row.Locator("td").Nth(1).TextContentAsync());
        await page.Locator("#state-filter").SelectOptionAsync("FAILED");
        await page.Locator("#message h3").WaitForAsync();
        Assert.Equal("No matching jobs", await page.Locator("#message h3").TextContentAsync());
        await page.Locator("#state-filter").SelectOptionAsync("");
        await row.WaitForAsync();
        await ChromiumFixture.ScreenshotAsync(page, "console-jobs");

        // 3. The job page streams the finished job's whole log.
        await row.Locator("a.job-link").ClickAsync();
        await page.WaitForURLAsync("**/job.html?id=census_board", ChromiumFixture.ArrivedOnly);
        await page.Locator("#log-state", new() { HasText = "(complete)" }).WaitForAsync();
        string log = (await page.Locator("#log").TextContentAsync())!;
        // Everything the job wrote, as the log file holds it (the engine may note more after the end).
        Assert.StartsWith(log, File.ReadAllText(Path.Combine(dataDirectory, "jobs", "census_board", "job.log")));
        Assert.Contains("engine PREPARING", log);
        Assert.Contains("stdout Exported: ", log);
        Assert.Equal("SUCCEEDED", await page.Locator("#job-state").TextContentAsync());
        Assert.Contains("auc", await page.Locator("#job-summary").TextContentAsync());
        await ChromiumFixture.ScreenshotAsync(page, "console-job");

        // 4. Models: two versions of the job's export; set-default on the page changes the model's default.
        Assert.True((await http.PostAsJsonAsync(Models, new { name = "census" })).IsSuccessStatusCode);
        foreach (string version in new[] { "1", "2" })
        {
            var created = await http.PostAsJsonAsync($"{Models}/census/versions", new { deploymentUri = export, name = version });
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
            await WaitForReadyAsync(http, "census", version);
        }
        Assert.Equal("1", (await http.GetFromJsonAsync<JsonObject>($"{Models}/census"))!["defaultVersion"]!.GetValue<string>());
        await page.Locator("#nav a[data-page='models']").ClickAsync();
        ILocator model = page.Locator("section.model[data-model='census']");
        await model.Locator("tr[data-version='2'] .set-default").WaitForAsync();
        Assert.Equal("1", await model.Locator(".default-version").TextContentAsync());
        Assert.Contains("auc", await model.Locator("tr[data-version='1']").TextContentAsync()); // the exporting job's metrics
        await model.Locator("tr[data-version='2'] .set-default").ClickAsync();
        await page.Locator("section.model[data-model='census'] .default-version", new() { HasText = "2" }).WaitForAsync();
        Assert.Equal("2", (await http.GetFromJsonAsync<JsonObject>($"{Models}/census"))!["defaultVersion"]!.GetValue<string>());
        Assert.Equal("✔ default", await page.Locator("section.model[data-model='census'] tr[data-version='2'] .is-default").TextContentAsync());
        await ChromiumFixture.ScreenshotAsync(page, "console-models");

        // 5. A wrong key: the Models page names the 401 instead of showing stale data.
        await page.Locator("#api-key").FillAsync("sk_nope.nope");
        await page.Locator("#save-key").ClickAsync();
        await page.Locator("#message h3", new() { HasText = "API key needed" }).WaitForAsync();
        Assert.Contains("401", await page.Locator("#message").TextContentAsync());
        Assert.Equal(0, await page.Locator("section.model").CountAsync());
        await ChromiumFixture.ScreenshotAsync(page, "console-models-bad-key");

        // 6. The scalars page under /board/ shows the job's runs (the engine's job folders are the logdir); its data
        //    takes the engine's key like the job API: with the wrong one it says so, with the right one it shows them.
        await page.Locator("#nav a[data-page='scalars']").ClickAsync();
        await page.Locator("#message h3", new() { HasText = "API key needed" }).WaitForAsync();
        await page.Locator("#api-key").FillAsync(apiKey);
        await page.Locator("#save-key").ClickAsync();
        await page.Locator("#run-list li[data-run='census_board/model/eval']").WaitForAsync();
        Assert.True(await page.Locator("#run-list li[data-run='census_board/model']").IsVisibleAsync());
        await ChromiumFixture.ScreenshotAsync(page, "console-scalars");
        using (var anonymous = new HttpClient { BaseAddress = engine.Address })
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/board/api/runs")).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/board/hparams.html")).StatusCode); // the page itself is static
        }
        Assert.Equal(HttpStatusCode.OK, (await http.GetAsync("/board/api/runs")).StatusCode);

        // 7. The engine's own routes still answer beside the pages, and / leads to the console.
        var status = await http.GetAsync("/v1/models/census");
        Assert.Equal(HttpStatusCode.OK, status.StatusCode);
        using var noRedirect = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = engine.Address };
        var root = await noRedirect.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, root.StatusCode);
        Assert.Equal("/board/", root.Headers.Location!.ToString());
        session.AssertNoErrors();
    }

    [Fact]
    public async Task The_job_page_follows_a_running_jobs_log_live_and_cancels_it()
    {
        using var dir = new TempDirectory("sluice-board-cancel");
        var (engineHost, http, apiKey) = await StartEngineAsync(dir.Combine("engine"));
        await using var engine = engineHost;
        using var client = http;
        string config = WriteTinyCensus(dir.Path);
        var submit = await http.PostAsJsonAsync(Jobs, new JsonObject
        {
            ["jobId"] = "census_long",
            ["trainingInput"] = new JsonObject { ["scaleTier"] = "BASIC", ["config"] = config, ["args"] = new JsonArray("--epochs", "100000") },
        });
        Assert.True(submit.IsSuccessStatusCode, await submit.Content.ReadAsStringAsync());

        await using var session = new PageSession(chromium);
        IPage page = await session.OpenAsync(new Uri(engine.Address, "/board/jobs.html").ToString(), httpErrorsAreFailures: false);
        await page.Locator("#api-key").FillAsync(apiKey);
        await page.Locator("#save-key").ClickAsync();
        await page.GotoAsync(new Uri(engine.Address, "/board/job.html?id=census_long").ToString());

        // While it runs, the log grows on the page (the follow stream) and the job can be cancelled.
        await page.Locator("#job-state", new() { HasText = "RUNNING" }).WaitForAsync(new() { Timeout = 120_000 });
        await page.Locator("#log", new() { HasText = "engine started" }).WaitForAsync();
        Assert.Equal("(following…)", await page.Locator("#log-state").TextContentAsync());
        await ChromiumFixture.ScreenshotAsync(page, "console-job-running");
        page.Dialog += (_, dialog) => dialog.AcceptAsync();
        await page.Locator("#cancel-job").ClickAsync();

        await page.Locator("#job-state", new() { HasText = "CANCELLED" }).WaitForAsync(new() { Timeout = 120_000 });
        await page.Locator("#log-state", new() { HasText = "(complete)" }).WaitForAsync(new() { Timeout = 60_000 });
        Assert.True(await page.Locator("#cancel-job").IsHiddenAsync());
        Assert.Equal("CANCELLED", (await http.GetFromJsonAsync<JsonObject>($"{Jobs}/census_long"))!["state"]!.GetValue<string>());
        session.AssertNoErrors();
    }

    [Fact]
    public async Task A_tuning_job_shows_its_trials_on_the_job_page_and_in_the_hparams_table()
    {
        using var dir = new TempDirectory("sluice-board-tuning");
        var (engineHost, http, apiKey) = await StartEngineAsync(dir.Combine("engine"));
        await using var engine = engineHost;
        using var client = http;

        string config = WriteTinyCensus(dir.Path);
        var submit = await http.PostAsJsonAsync(Jobs, new JsonObject
        {
            ["jobId"] = "tune_board",
            ["trainingInput"] = new JsonObject
            {
                ["scaleTier"] = "BASIC",
                ["config"] = config,
                ["args"] = new JsonArray("--epochs", "1"),
                ["overrides"] = new JsonObject { ["evaluation.everyEpochs"] = "1", ["model.linearOptimizer.kind"] = "ftrl" },
                ["hyperparameters"] = new JsonObject
                {
                    ["goal"] = "MAXIMIZE",
                    ["hyperparameterMetricTag"] = "auc",
                    ["algorithm"] = "GRID_SEARCH",
                    ["maxTrials"] = 2,
                    ["maxParallelTrials"] = 1,
                    ["params"] = new JsonArray(new JsonObject
                    {
                        ["parameterName"] = "model.linearOptimizer.learningRate",
                        ["type"] = "CATEGORICAL",
                        ["categoricalValues"] = new JsonArray("0.2", "0.0000001"),
                    }),
                },
            },
        });
        Assert.True(submit.IsSuccessStatusCode, await submit.Content.ReadAsStringAsync());
        JsonObject job = await WaitForJobAsync(http, "tune_board");
        Assert.True(job["state"]!.GetValue<string>() == "SUCCEEDED", job.ToJsonString());
        var trials = job["trainingOutput"]!["trials"]!.AsArray().Select(t => t!.AsObject()).ToList(); // best first
        string best = trials[0]["trialId"]!.GetValue<string>(), worst = trials[1]["trialId"]!.GetValue<string>();

        await using var session = new PageSession(chromium);
        string board = new Uri(engine.Address, "/board/").ToString();
        IPage page = await session.OpenAsync(board + "jobs.html", httpErrorsAreFailures: false);
        await page.Locator("#api-key").FillAsync(apiKey);
        await page.Locator("#save-key").ClickAsync();
        await page.Locator("#jobs-table tr[data-job='tune_board'] a.job-link").ClickAsync();

        // The job page lists the trials with their hyperparameter and objective.
        await page.Locator("#trials-table tbody tr").Nth(1).WaitForAsync();
        Assert.Contains("model.linearOptimizer.learningRate", await page.Locator("#trials-table thead").TextContentAsync());
        Assert.Equal(["tune_board_trial_1", "tune_board_trial_2"], await page.Locator("#trials-table tbody tr td:first-child").AllTextContentsAsync());
        await ChromiumFixture.ScreenshotAsync(page, "console-tuning-job");

        // "Compare in HParams": the table of this tuning job's trials, read from their hparams.json files under the
        // engine's job folders, best first.
        await page.Locator("#compare-trials").ClickAsync();
        await page.WaitForURLAsync("**/hparams.html?tuningJob=tune_board", ChromiumFixture.ArrivedOnly);
        await page.Locator("#hparams-table tbody tr").Nth(1).WaitForAsync();
        Assert.Equal([$"tune_board/model/{best}", $"tune_board/model/{worst}"],
            await page.Locator("#hparams-table tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.run)"));
        Assert.Equal(trials.Select(t => t["hyperparameters"]!["model.linearOptimizer.learningRate"]!.GetValue<string>()), // categorical: as in the spec
            await page.Locator("#hparams-table tbody tr td.hparam").AllTextContentsAsync());
        await ChromiumFixture.ScreenshotAsync(page, "console-hparams");
        await page.Locator($"tr[data-run='tune_board/model/{best}'] a.run-link").ClickAsync();
        await page.Locator($"#run-list li[data-run='tune_board/model/{best}/eval']").WaitForAsync();
        Assert.True(await page.Locator($"#run-list li[data-run='tune_board/model/{worst}']").IsHiddenAsync());
        session.AssertNoErrors();
    }
}
