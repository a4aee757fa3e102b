namespace Sluice.Board.Tests.Browser;

/// <summary>Browser tests share one Chromium and run one at a time (2 cores are shared with the rest of CI).</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<ChromiumFixture>
{
    public const string Name = "browser";
}
