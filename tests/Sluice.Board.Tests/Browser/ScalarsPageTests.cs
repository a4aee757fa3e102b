using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using Sluice.Events;
using Sluice.TestKit;

namespace Sluice.Board.Tests.Browser;

/// <summary>Drives the real scalars page in headless Chromium and checks what a person sees.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ScalarsPageTests(ChromiumFixture chromium) : IAsyncLifetime
{
    private readonly List<IPage> _pages = [];
    private readonly List<string> _pageErrors = [];

    private const string TrainLossRaw = ".card[data-tag='loss'] path.raw[data-run='.']";
    private const string TrainLossSmoothed = ".card[data-tag='loss'] path.smoothed[data-run='.']";

    /// <summary>Points drawn in an SVG path: one coordinate pair per M or L command.</summary>
    private static int DrawnPoints(string d) => Regex.Matches(d, "[ML]").Count;

    private async Task<IPage> OpenAsync(BoardHost board)
    {
        IPage page = await chromium.NewPageAsync();
        _pages.Add(page);
        // Script errors and failed requests fail the test that caused them, with the browser's message.
        page.PageError += (_, error) => _pageErrors.Add(error);
        page.Console += (_, message) => { if (message.Type == "error") _pageErrors.Add(message.Text); };
        page.Response += (_, response) => { if (response.Status >= 400) _pageErrors.Add($"HTTP {response.Status} for {response.Url}"); };
        await page.GotoAsync(board.Address.ToString());
        return page;
    }

    private void AssertNoPageErrors() =>
        Assert.True(_pageErrors.Count == 0, "Page script errors:\n" + string.Join("\n", _pageErrors));

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        // Close pages before their board stops, so no page keeps polling a dead server.
        foreach (IPage page in _pages) await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Census_runs_are_listed_and_the_loss_chart_has_every_point()
    {
        using var dir = new TempDirectory();
        CensusLogs.Write(dir.Path, trainSteps: 120);
        await using var board = await BoardHost.StartAsync(dir.Path);
        IPage page = await OpenAsync(board);

        await ShowChartAsync(page, "loss");
        Assert.Equal([".", "eval"], await page.Locator("#run-list li .run-name").AllTextContentsAsync());

        // Tags grouped by prefix: dnn/ and linear/ learning rates get their own groups.
        var groups = await page.Locator("details.group").EvaluateAllAsync<string[]>("gs => gs.map(g => g.dataset.group)");
        Assert.Equal(["accuracy", "auc", "average_loss", "dnn", "global_step", "linear", "loss"], groups);

        string raw = (await page.Locator(TrainLossRaw).GetAttributeAsync("d"))!;
        Assert.Equal(120, DrawnPoints(raw));
        string eval = (await page.Locator(".card[data-tag='loss'] path.raw[data-run='eval']").GetAttributeAsync("d"))!;
        Assert.Equal(5, DrawnPoints(eval)); // train and eval overlaid on one chart
        Assert.NotEqual(
            await page.Locator(TrainLossRaw).GetAttributeAsync("stroke"),
            await page.Locator(".card[data-tag='loss'] path.raw[data-run='eval']").GetAttributeAsync("stroke"));

        await ChromiumFixture.ScreenshotAsync(page, "scalars-census");
    }

    [Fact]
    public async Task The_run_regex_filter_hides_runs_and_their_lines()
    {
        using var dir = new TempDirectory();
        CensusLogs.Write(dir.Path, trainSteps: 60);
        await using var board = await BoardHost.StartAsync(dir.Path);
        IPage page = await OpenAsync(board);
        await ShowChartAsync(page, "loss");
        await page.Locator(".card[data-tag='loss'] path.raw[data-run='eval']").WaitForAsync();

        await page.Locator("#run-filter").FillAsync("^ev");
        await page.Locator(TrainLossRaw).WaitForAsync(new() { State = WaitForSelectorState.Detached });
        Assert.True(await page.Locator("#run-list li[data-run='.']").IsHiddenAsync());
        Assert.True(await page.Locator("#run-list li[data-run='eval']").IsVisibleAsync());
        Assert.Equal(1, await page.Locator(".card[data-tag='loss'] path.raw").CountAsync());
        await ChromiumFixture.ScreenshotAsync(page, "scalars-run-filter");

        // An invalid regex is explained, not applied.
        await page.Locator("#run-filter").FillAsync("([");
        Assert.Contains("Invalid regular expression", await page.Locator("#run-filter-error").TextContentAsync());
    }

    [Fact]
    public async Task The_tag_filter_hides_charts_and_empty_groups()
    {
        using var dir = new TempDirectory();
        CensusLogs.Write(dir.Path, trainSteps: 30);
        await using var board = await BoardHost.StartAsync(dir.Path);
        IPage page = await OpenAsync(board);
        await ShowChartAsync(page, "loss");

        await page.Locator("#tag-filter").FillAsync("learning_rate$");
        Assert.Equal(["dnn/learning_rate", "linear/learning_rate"],
            await page.Locator(".card:visible .card-title").AllTextContentsAsync());
        Assert.True(await page.Locator("details.group[data-group='loss']").IsHiddenAsync());
    }

    [Fact]
    public async Task Smoothing_changes_the_drawn_line_and_zero_smoothing_draws_the_raw_values()
    {
        using var dir = new TempDirectory();
        CensusLogs.Write(dir.Path, trainSteps: 120);
        await using var board = await BoardHost.StartAsync(dir.Path);
        IPage page = await OpenAsync(board);
        await ShowChartAsync(page, "loss");

        string raw = (await page.Locator(TrainLossRaw).GetAttributeAsync("d"))!;
        string atDefault = (await page.Locator(TrainLossSmoothed).GetAttributeAsync("d"))!;
        Assert.NotEqual(raw, atDefault);
        Assert.Equal(120, DrawnPoints(atDefault));

        await SetSmoothingAsync(page, "0.95");
        await page.WaitForFunctionAsync($"d => document.querySelector(\"{TrainLossSmoothed}\")?.getAttribute('d') !== d", atDefault);
        string heavy = (await page.Locator(TrainLossSmoothed).GetAttributeAsync("d"))!;
        Assert.NotEqual(atDefault, heavy);
        Assert.True(YRange(heavy) < YRange(atDefault), "heavier smoothing should flatten the line");
        await ChromiumFixture.ScreenshotAsync(page, "scalars-smoothing-095");

        await SetSmoothingAsync(page, "0");
        await page.WaitForFunctionAsync($"d => document.querySelector(\"{TrainLossSmoothed}\")?.getAttribute('d') !== d", heavy);
        Assert.Equal(raw, await page.Locator(TrainLossSmoothed).GetAttributeAsync("d"));
    }

    [Fact]
    public async Task Csv_download_matches_the_event_file()
    {
        using var dir = new TempDirectory();
        CensusLogs.Write(dir.Path, trainSteps: 80);
        await using var board = await BoardHost.StartAsync(dir.Path);
        IPage page = await OpenAsync(board);
        await ShowChartAsync(page, "loss");

        await page.Locator("#show-downloads").CheckAsync();
        ILocator card = page.Locator(".card[data-tag='loss']");
        await card.Locator(".download-run").SelectOptionAsync(".");
        await ChromiumFixture.ScreenshotAsync(page, "scalars-downloads");
        IDownload download = await page.RunAndWaitForDownloadAsync(() => card.Locator(".download-csv").ClickAsync());
        string saved = Path.Combine(dir.Path, "download.csv");
        await download.SaveAsAsync(saved);

        string[] lines = File.ReadAllLines(saved);
        Assert.Equal("Wall time,Step,Value", lines[0]);
        string eventFile = Directory.GetFiles(dir.Path, "*tfevents*").Single();
        var expected = EventFileReader.ReadFile(eventFile)
            .SelectMany(e => e.Values.Where(v => v.Tag == "loss").Select(v => (e.WallTime, e.Step, v.Scalar!.Value))).ToList();
        Assert.Equal(80, expected.Count);
        Assert.Equal(expected.Count, lines.Length - 1);
        for (int i = 0; i < expected.Count; i++)
        {
            string[] f = lines[i + 1].Split(',');
            Assert.Equal(expected[i], (double.Parse(f[0], CultureInfo.InvariantCulture), long.Parse(f[1], CultureInfo.InvariantCulture), float.Parse(f[2], CultureInfo.InvariantCulture)));
        }
    }

    [Fact]
    public async Task Tooltip_shows_run_step_value_and_smoothed_value()
    {
        using var dir = new TempDirectory();
        CensusLogs.Write(dir.Path, trainSteps: 100);
        await using var board = await BoardHost.StartAsync(dir.Path);
        IPage page = await OpenAsync(board);
        await ShowChartAsync(page, "loss");

        ILocator chart = page.Locator(".card[data-tag='loss'] svg.chart");
        LocatorBoundingBoxResult box = (await chart.BoundingBoxAsync())!;
        await page.Mouse.MoveAsync(box.X + box.Width - 16, box.Y + box.Height / 2);
        ILocator tooltip = page.Locator("#tooltip");
        await tooltip.WaitForAsync();
        string text = (await tooltip.TextContentAsync())!;
        Assert.Contains("Smoothed", text);
        Assert.Contains("eval", text);
        Assert.Contains("100", text); // the last step of both runs
        await ChromiumFixture.ScreenshotAsync(page, "scalars-tooltip");
    }

    [Fact]
    public async Task Axis_modes_and_log_scale_redraw_the_chart()
    {
        using var dir = new TempDirectory();
        CensusLogs.Write(dir.Path, trainSteps: 100);
        await using var board = await BoardHost.StartAsync(dir.Path);
        IPage page = await OpenAsync(board);
        await ShowChartAsync(page, "loss");
        ILocator ticks = page.Locator(".card[data-tag='loss'] text.tick");
        string[] stepTicks = [.. await ticks.AllTextContentsAsync()];

        await page.Locator("input[name=x-axis][value=relative]").CheckAsync();
        string[] relativeTicks = [.. await ticks.AllTextContentsAsync()];
        Assert.Contains(relativeTicks, t => t.EndsWith('h'));

        await page.Locator("input[name=x-axis][value=wall]").CheckAsync();
        Assert.Contains(await ticks.AllTextContentsAsync(), t => Regex.IsMatch(t, @"\d{2}:\d{2}"));
        Assert.NotEqual(stepTicks, relativeTicks);

        string linear = (await page.Locator(TrainLossRaw).GetAttributeAsync("d"))!;
        await page.Locator(".card[data-tag='loss'] .log-toggle").ClickAsync();
        Assert.Equal("true", await page.Locator(".card[data-tag='loss'] .log-toggle").GetAttributeAsync("aria-pressed"));
        Assert.NotEqual(linear, await page.Locator(TrainLossRaw).GetAttributeAsync("d"));
        await ChromiumFixture.ScreenshotAsync(page, "scalars-wall-log");
    }

    [Fact]
    public async Task New_points_appear_live_while_the_page_is_open()
    {
        using var dir = new TempDirectory();
        using var writer = new EventFileWriter(dir.Path);
        for (int step = 1; step <= 10; step++) writer.WriteScalar("loss", step, CensusLogs.Loss(step), CensusLogs.StartTime + step);
        await using var board = await BoardHost.StartAsync(dir.Path);
        IPage page = await OpenAsync(board);
        await ShowChartAsync(page, "loss");
        Assert.Equal(10, DrawnPoints((await page.Locator(TrainLossRaw).GetAttributeAsync("d"))!));

        for (int step = 11; step <= 40; step++) writer.WriteScalar("loss", step, CensusLogs.Loss(step), CensusLogs.StartTime + step);
        await page.WaitForFunctionAsync($"() => document.querySelector(\"{TrainLossRaw}\")?.getAttribute('data-points') === '40'",
            null, new() { Timeout = 20_000 });
        Assert.Equal(40, DrawnPoints((await page.Locator(TrainLossRaw).GetAttributeAsync("d"))!));
    }

    [Fact]
    public async Task An_empty_logdir_says_there_are_no_runs_yet()
    {
        using var dir = new TempDirectory();
        await using var board = await BoardHost.StartAsync(dir.Path);
        IPage page = await OpenAsync(board);
        ILocator message = page.Locator("#message");
        await message.GetByText("No runs yet").WaitForAsync();
        Assert.Contains(dir.Path, await message.TextContentAsync());
        await ChromiumFixture.ScreenshotAsync(page, "scalars-empty");
    }

    [Fact]
    public async Task An_unreadable_event_file_is_shown_as_an_error_with_the_file()
    {
        using var dir = new TempDirectory();
        CensusLogs.Write(dir.Path, trainSteps: 40);
        string evalFile = Directory.GetFiles(dir.Combine("eval"), "*tfevents*").Single();
        byte[] bytes = File.ReadAllBytes(evalFile);
        bytes[^2] ^= 0x5A;
        File.WriteAllBytes(evalFile, bytes);

        await using var board = await BoardHost.StartAsync(dir.Path);
        IPage page = await OpenAsync(board);
        ILocator message = page.Locator("#message");
        await message.GetByText("Some event files could not be read").WaitForAsync();
        Assert.Contains(evalFile, await message.TextContentAsync());
        Assert.Equal(1, await page.Locator("#run-list li[data-run='eval'] .run-error").CountAsync());
        await ShowChartAsync(page, "loss");
        await ChromiumFixture.ScreenshotAsync(page, "scalars-error");
    }

    /// <summary>Scrolls a chart into view (charts load lazily, as a person scrolls) and waits for its lines.</summary>
    private async Task ShowChartAsync(IPage page, string tag)
    {
        await page.Locator($".card[data-tag='{tag}']").ScrollIntoViewIfNeededAsync();
        await page.Locator($".card[data-tag='{tag}'] path.raw").First.WaitForAsync();
        AssertNoPageErrors();
    }

    private static async Task SetSmoothingAsync(IPage page, string value)
    {
        await page.Locator("#smoothing-value").FillAsync(value);
        await page.Locator("#smoothing-value").DispatchEventAsync("change");
    }

    /// <summary>Vertical extent (pixels) of a path's points after the first quarter (past the debiasing warm-up).</summary>
    private static double YRange(string d)
    {
        var ys = Regex.Matches(d, @"[ML][\d.]+,([\d.]+)").Select(m => double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture)).ToList();
        var tail = ys.Skip(ys.Count / 4).ToList();
        return tail.Max() - tail.Min();
    }
}
