using Microsoft.Playwright;
using Sluice.TestKit;

namespace Sluice.Board.Tests.Browser;

/// <summary>The HParams page: a sortable table of tuning trials whose runs link to their curves.</summary>
[Collection(BrowserCollection.Name)]
public sealed class HparamsPageTests(ChromiumFixture chromium)
{
    private static Task<string[]> RowRunsAsync(IPage page) =>
        page.Locator("#hparams-table tbody tr").EvaluateAllAsync<string[]>("rows => rows.map(r => r.dataset.run)");

    [Fact]
    public async Task The_trials_table_sorts_by_any_column_and_a_run_links_to_its_curves()
    {
        using var dir = new TempDirectory();
        TuningLogs.Write(dir.Path);
        await using var board = await BoardHost.StartAsync(dir.Path);
        await using var session = new PageSession(chromium);
        IPage page = await session.OpenAsync(new Uri(board.Address, "hparams.html").ToString());

        await page.Locator("#hparams-table tbody tr").Nth(3).WaitForAsync();
        // Standalone, the board has no engine: no Jobs or Models tabs.
        Assert.Equal(["Scalars", "Histograms", "HParams", "Data"], await page.Locator("#nav a").AllTextContentsAsync());
        // Best first by the objective (auc, MAXIMIZE): 0.91, 0.87, 0.84, 0.79.
        Assert.Equal(["2", "3", "1", "4"], await RowRunsAsync(page));
        Assert.Equal("descending", await page.Locator("th[data-key='objective']").GetAttributeAsync("aria-sort"));
        Assert.Equal(["Trial", "State", "hidden_units", "learning_rate", "objective (auc)", "accuracy", "auc", "step", "Run"],
            (await page.Locator("#hparams-table thead th").AllTextContentsAsync()).Select(t => t.TrimEnd(' ', '▲', '▼')));
        Assert.Equal("0.003", await page.Locator("tr[data-run='3'] td").Nth(3).TextContentAsync());
        await ChromiumFixture.ScreenshotAsync(page, "hparams-table");

        // learning_rate ascending (0.003, 0.01, 0.1, 0.3), then descending.
        await page.Locator("th[data-key='hp:learning_rate']").ClickAsync();
        Assert.Equal(["3", "2", "1", "4"], await RowRunsAsync(page));
        Assert.Equal("ascending", await page.Locator("th[data-key='hp:learning_rate']").GetAttributeAsync("aria-sort"));
        await page.Locator("th[data-key='hp:learning_rate']").ClickAsync();
        Assert.Equal(["4", "1", "2", "3"], await RowRunsAsync(page));
        // Text columns sort too, digit runs compared as numbers: "16" < "32" < "64,32" < "128,64".
        await page.Locator("th[data-key='hp:hidden_units']").ClickAsync();
        Assert.Equal(["4", "3", "1", "2"], await RowRunsAsync(page));
        await ChromiumFixture.ScreenshotAsync(page, "hparams-sorted");

        // The run link opens the scalars page with that trial (and its eval run) selected.
        await page.Locator("tr[data-run='2'] a.run-link").ClickAsync();
        await page.WaitForURLAsync("**/index.html?run=2", ChromiumFixture.ArrivedOnly);
        await page.Locator(".card[data-tag='loss']").ScrollIntoViewIfNeededAsync();
        await page.Locator(".card[data-tag='loss'] path.raw[data-run='2']").WaitForAsync();
        Assert.Equal("^2(/eval)?$", await page.Locator("#run-filter").InputValueAsync());
        Assert.True(await page.Locator("#run-list li[data-run='2/eval']").IsVisibleAsync());
        Assert.True(await page.Locator("#run-list li[data-run='1']").IsHiddenAsync());
        Assert.Equal(1, await page.Locator(".card[data-tag='loss'] path.raw").CountAsync());
        await ChromiumFixture.ScreenshotAsync(page, "hparams-link-to-scalars");
        session.AssertNoErrors();
    }

    [Fact]
    public async Task Several_tuning_jobs_in_one_logdir_are_chosen_with_a_selector_or_from_the_url()
    {
        using var dir = new TempDirectory();
        TuningLogs.Write(dir.Combine("tuneA", "model"), "tuneA", trials: 2);
        TuningLogs.Write(dir.Combine("tuneB", "model"), "tuneB", trials: 3);
        await using var board = await BoardHost.StartAsync(dir.Path);
        await using var session = new PageSession(chromium);
        IPage page = await session.OpenAsync(new Uri(board.Address, "hparams.html").ToString());

        await page.Locator("#hparams-table tbody tr").Nth(4).WaitForAsync();
        Assert.True(await page.Locator("#tuning-filter").IsVisibleAsync());
        Assert.Equal(["All tuning jobs", "tuneA", "tuneB"], await page.Locator("#tuning-filter option").AllTextContentsAsync());
        await page.Locator("#tuning-filter").SelectOptionAsync("tuneB");
        Assert.Equal(["tuneB/model/2", "tuneB/model/3", "tuneB/model/1"], await RowRunsAsync(page)); // auc 0.91, 0.87, 0.84
        Assert.EndsWith("hparams.html?tuningJob=tuneB", page.Url);
        await ChromiumFixture.ScreenshotAsync(page, "hparams-tuning-filter");

        IPage linked = await session.OpenAsync(new Uri(board.Address, "hparams.html?tuningJob=tuneA").ToString());
        await linked.Locator("#hparams-table tbody tr").Nth(1).WaitForAsync();
        Assert.Equal(["tuneA/model/2", "tuneA/model/1"], await RowRunsAsync(linked));
        Assert.Equal("tuneA", await linked.Locator("#tuning-filter").InputValueAsync());
        session.AssertNoErrors();
    }

    [Fact]
    public async Task Without_trials_the_page_says_where_it_looked()
    {
        using var dir = new TempDirectory();
        CensusLogs.Write(dir.Path, trainSteps: 10);
        await using var board = await BoardHost.StartAsync(dir.Path);
        await using var session = new PageSession(chromium);
        IPage page = await session.OpenAsync(new Uri(board.Address, "hparams.html").ToString());

        await page.Locator("#message h3").WaitForAsync();
        Assert.Equal("No tuning trials", await page.Locator("#message h3").TextContentAsync());
        Assert.Contains(Path.GetFullPath(dir.Path), await page.Locator("#message").TextContentAsync());
        session.AssertNoErrors();
    }
}
