using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sluice.Board.Api;
using Sluice.Board.Histograms;
using Sluice.Board.Logdir;
using Sluice.Board.Pages;
using Sluice.Board.Profiles;

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

        AddBoard(builder.Services, options);
        WebApplication app = builder.Build();
        MapBoard(app, "");
        return app;
    }

    /// <summary>Registers what the board's endpoints need (the logdir index and its watcher) in another host.</summary>
    public static IServiceCollection AddBoard(IServiceCollection services, BoardOptions options)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(options);
        services.AddSingleton(options);
        services.AddSingleton(_ => new LogdirIndex(options.Logdir));
        services.AddSingleton(_ => new HistogramIndex(options.Logdir));
        services.AddSingleton(_ => new ProfileCatalog(options.Logdir, options.Profiles ?? []));
        services.AddHostedService<LogdirWatcher>();
        return services;
    }

    /// <summary>
    /// Maps the pages and their API under <paramref name="prefix"/> ("" for the root, "/board" inside the engine).
    /// The pages use relative URLs, so they work under any prefix; <c>{prefix}</c> redirects to <c>{prefix}/</c>.
    /// Returns the group of data endpoints (everything but the static pages and <c>api/config</c>), so a host can put
    /// them behind its own authorisation (the engine requires its API key; the pages then send it).
    /// </summary>
    public static RouteGroupBuilder MapBoard(IEndpointRouteBuilder endpoints, string prefix)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        prefix = prefix.TrimEnd('/');
        if (prefix.Length > 0) endpoints.MapGet(prefix, () => TypedResults.Redirect(prefix + "/"));
        RouteGroupBuilder board = endpoints.MapGroup(prefix);
        board.MapBoardPages();
        RouteGroupBuilder data = board.MapGroup("");
        data.MapScalarsApi();
        data.MapHistogramsApi();
        data.MapHparamsApi();
        data.MapProfilesApi();
        return data;
    }

    /// <summary>The address a started board listens on, e.g. http://127.0.0.1:6006/ (resolves port 0).</summary>
    public static Uri ListeningAddress(WebApplication app)
    {
        string address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Uri(address.EndsWith('/') ? address : address + "/");
    }
}
