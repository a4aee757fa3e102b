using Microsoft.Playwright;
using Sluice.TestKit;

namespace Sluice.Board.Tests.Browser;

/// <summary>
/// One headless Debian Chromium for all browser tests, driven by Playwright. The browser comes from the system
/// package (scripts/install-test-deps.sh installs it); Playwright's own browser download is never used.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private static readonly string[] ChromiumArgs =
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
    ];

    private IPlaywright? _playwright;

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>
    /// For <c>WaitForURLAsync</c> after a click: done once the browser has navigated to the URL, not when the page's
    /// load event fires. The test then waits for the element it checks, which needs the page's scripts anyway; the
    /// wait for the load event once took over Playwright's 30 s on this 2-vCPU machine at load average 7 (a full suite
    /// run with other test projects busy; the test passes alone), and the element waits that follow have their own
    /// 30 s each.
    /// </summary>
    public static PageWaitForURLOptions ArrivedOnly => new() { WaitUntil = WaitUntilState.Commit };

    /// <summary>Where page screenshots go (test artifacts; look at them to check the pages look right).</summary>
    public static string ScreenshotDirectory => RepoPaths.InRepo("artifacts", "screenshots", "board");

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException($"{ChromiumPath} is missing: run scripts/install-test-deps.sh (installs Debian's chromium).");
        Directory.CreateDirectory(ScreenshotDirectory);
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ChromiumArgs,
        });
    }

    /// <summary>A fresh page sized like a laptop screen.</summary>
    public async Task<IPage> NewPageAsync()
    {
        IBrowserContext context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = new ViewportSize { Width = 1366, Height = 900 },
            AcceptDownloads = true,
            TimezoneId = "UTC",
            Locale = "en-GB",
        });
        return await context.NewPageAsync();
    }

    public static Task ScreenshotAsync(IPage page, string name) =>
        page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(ScreenshotDirectory, $"{name}.png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
    }
}
