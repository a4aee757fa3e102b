using Microsoft.Playwright;
using Sluice.TestKit;

namespace Sluice.Board.Tests.Browser;

/// <summary>The Histograms page draws every histogram summary, one ridge per step.</summary>
[Collection(BrowserCollection.Name)]
public sealed class HistogramsPageTests(ChromiumFixture chromium)
{
    private const string KernelCard = ".histogram-card[data-tag='dnn/hiddenlayer_0/kernel'][data-run='.']";

    [Fact]
    public async Task Each_tag_gets_a_card_with_one_ridge_per_step_and_the_tag_filter_hides_cards()
    {
        using var dir = new TempDirectory();
        HistogramLogs.Write(dir.Path, steps: 6);
        await using var board = await BoardHost.StartAsync(dir.Path);
        await using var session = new PageSession(chromium);
        IPage page = await session.OpenAsync(new Uri(board.Address, "histograms.html").ToString());

        await page.Locator($"{KernelCard} path.histogram").Nth(5).WaitForAsync();
        Assert.Equal(["100", "200", "300", "400", "500", "600"],
            await page.Locator($"{KernelCard} path.histogram").EvaluateAllAsync<string[]>("ps => ps.map(p => p.dataset.step)"));
        string[] shapes = await page.Locator($"{KernelCard} path.histogram").EvaluateAllAsync<string[]>("ps => ps.map(p => p.getAttribute('d'))");
        Assert.Equal(shapes.Length, shapes.Distinct().Count()); // every step has its own shape
        Assert.Equal(6, await page.Locator(".histogram-card[data-tag='dnn/hiddenlayer_0/bias'] path.histogram").CountAsync());
        Assert.Equal("step 100", await page.Locator($"{KernelCard} text.step-label").First.TextContentAsync());
        await ChromiumFixture.ScreenshotAsync(page, "histograms");

        await page.Locator("#tag-filter").FillAsync("kernel$");
        Assert.True(await page.Locator(".histogram-card[data-tag='dnn/hiddenlayer_0/bias']").IsHiddenAsync());
        Assert.True(await page.Locator(KernelCard).IsVisibleAsync());
        session.AssertNoErrors();
    }

    [Fact]
    public async Task Runs_with_only_scalars_show_the_empty_state()
    {
        using var dir = new TempDirectory();
        CensusLogs.Write(dir.Path, trainSteps: 10);
        await using var board = await BoardHost.StartAsync(dir.Path);
        await using var session = new PageSession(chromium);
        IPage page = await session.OpenAsync(new Uri(board.Address, "histograms.html").ToString());

        await page.Locator("#message h3").WaitForAsync();
        Assert.Equal("No histograms yet", await page.Locator("#message h3").TextContentAsync());
        Assert.Equal(0, await page.Locator(".histogram-card").CountAsync());
        session.AssertNoErrors();
    }
}
