using System.Globalization;
using Microsoft.Playwright;
using Sluice.Data.Profiling;
using Sluice.TestKit;

namespace Sluice.Board.Tests.Browser;

/// <summary>The Data page renders a real dataset profile: one card per column, a histogram per numeric column.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DataPageTests(ChromiumFixture chromium)
{
    [Fact]
    public async Task A_census_profile_shows_a_histogram_per_numeric_column_and_top_values_per_string_column()
    {
        using var dir = new TempDirectory();
        (string path, DatasetProfile profile) = CensusProfile.Write(dir.Path);
        await using var board = await BoardHost.StartAsync(dir.Combine("no-runs-here"), profiles: [path]);
        await using var session = new PageSession(chromium);
        IPage page = await session.OpenAsync(new Uri(board.Address, "data.html").ToString());

        await page.Locator("section.column").Nth(profile.Columns.Count - 1).WaitForAsync();
        Assert.Contains("census-slice.csv", await page.Locator("#profile-summary h2").TextContentAsync());
        Assert.Equal(profile.Columns.Select(c => c.Name), await page.Locator("section.column .card-title").AllTextContentsAsync());

        var numeric = profile.Columns.Where(c => c.IsNumeric).ToList();
        Assert.True(numeric.Count >= 6, "census has six numeric columns");
        Assert.Equal(numeric.Count, await page.Locator("section.column[data-numeric='true'] svg.profile-histogram").CountAsync());
        foreach (ColumnProfile column in numeric)
        {
            ILocator bars = page.Locator($"section.column[data-column='{column.Name}'] svg.profile-histogram rect.bar");
            Assert.Equal(column.Histogram!.Count, await bars.CountAsync());
            long[] drawn = [.. (await bars.EvaluateAllAsync<string[]>("bs => bs.map(b => b.dataset.count)")).Select(c => long.Parse(c, CultureInfo.InvariantCulture))];
            Assert.Equal(column.Histogram.Select(b => b.Count), drawn);
            Assert.Equal(column.Count, drawn.Sum());
        }
        var strings = profile.Columns.Where(c => !c.IsNumeric).ToList();
        Assert.Equal(strings.Count, await page.Locator("section.column[data-numeric='false'] svg.profile-top-values").CountAsync());
        await ChromiumFixture.ScreenshotAsync(page, "data-profile");
        session.AssertNoErrors();
    }

    [Fact]
    public async Task No_profiles_and_a_broken_profile_are_explained()
    {
        using var dir = new TempDirectory();
        await using (var empty = await BoardHost.StartAsync(dir.Path))
        {
            await using var session = new PageSession(chromium);
            IPage page = await session.OpenAsync(new Uri(empty.Address, "data.html").ToString());
            await page.Locator("#message h3").WaitForAsync();
            Assert.Equal("No dataset profiles", await page.Locator("#message h3").TextContentAsync());
            session.AssertNoErrors();
        }

        File.WriteAllText(dir.Combine("bad.profile.json"), "{\"columns\": 3}");
        await using var board = await BoardHost.StartAsync(dir.Path);
        await using var second = new PageSession(chromium);
        IPage broken = await second.OpenAsync(new Uri(board.Address, "data.html").ToString());
        await broken.Locator("#message h3").WaitForAsync();
        Assert.Equal("This profile cannot be shown", await broken.Locator("#message h3").TextContentAsync());
        Assert.Contains("bad.profile.json: $.columns", await broken.Locator("#message").TextContentAsync());
        await ChromiumFixture.ScreenshotAsync(broken, "data-profile-broken");
        second.AssertNoErrors();
    }
}
