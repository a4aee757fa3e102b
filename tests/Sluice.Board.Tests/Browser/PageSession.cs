using Microsoft.Playwright;

namespace Sluice.Board.Tests.Browser;

/// <summary>
/// Pages opened by one test, with the script errors they raised. Pages are closed before the test's server stops,
/// so none keeps polling a dead server.
/// </summary>
internal sealed class PageSession(ChromiumFixture chromium) : IAsyncDisposable
{
    private readonly List<IPage> _pages = [];
    private readonly List<string> _errors = [];

    /// <param name="url">The page to open.</param>
    /// <param name="httpErrorsAreFailures">False on pages whose test provokes 4xx answers on purpose (a bad API key).</param>
    public async Task<IPage> OpenAsync(string url, bool httpErrorsAreFailures = true)
    {
        IPage page = await chromium.NewPageAsync();
        _pages.Add(page);
        page.PageError += (_, error) => _errors.Add(error);
        if (httpErrorsAreFailures)
        {
            page.Console += (_, message) => { if (message.Type == "error") _errors.Add(message.Text); };
            page.Response += (_, response) => { if (response.Status >= 400) _errors.Add($"HTTP {response.Status} for {response.Url}"); };
        }
        await page.GotoAsync(url);
        return page;
    }

    public void AssertNoErrors() => Assert.True(_errors.Count == 0, "Page script errors:\n" + string.Join("\n", _errors));

    public async ValueTask DisposeAsync()
    {
        foreach (IPage page in _pages) await page.Context.CloseAsync();
    }
}
