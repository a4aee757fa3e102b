using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sluice.Board.Api;
using Sluice.Board.Logdir;
using Sluice.Board.Pages;

namespace Sluice.Board;

/// <summary>
/// The dashboard host: a table of contents of its features. `sluice board` builds and runs it; tests start it on
/// port 0 and drive it with a real browser.
/// </summary>
public static class BoardApp
{
    /// <summary>Builds (does not start) the board for <paramref name="options"/>.</summary>
    public static WebApplication Build(BoardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(BoardApp).Assembly.GetName().Name,
            ContentRootPath = AppContext.BaseDirectory,
        });
        string host = options.Host.Contains(':', StringComparison.Ordinal) ? $"[{options.Host}]" : options.Host;
        builder.WebHost.UseUrls($"http://{host}:{options.Port}");
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        // A failed start (port in use) is thrown from StartAsync and reported by the caller in one line; the host's
        // own log of it would print the same error again as a stack trace.
        builder.Logging.AddFilter("Microsoft.Extensions.Hosting.Internal.Host", LogLevel.None);

        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(_ => new LogdirIndex(options.Logdir));
        builder.Services.AddHostedService<LogdirWatcher>();

        WebApplication app = builder.Build();
        app.MapBoardPages();
        app.MapScalarsApi();
        return app;
    }

    /// <summary>The address a started board listens on, e.g. http://127.0.0.1:6006/ (resolves port 0).</summary>
    public static Uri ListeningAddress(WebApplication app)
    {
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.EndsWith('/') ? address : address + "/");
    }
}
