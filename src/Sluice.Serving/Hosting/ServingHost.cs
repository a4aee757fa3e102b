using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Serving.Auth;
using Sluice.Serving.Http;
using Sluice.Serving.Metrics;
using Sluice.Serving.Repository;
using Sluice.Serving.State;

namespace Sluice.Serving.Hosting;

/// <summary>
/// The model server: Kestrel + the REST endpoints + the model repository. Reads like a table of contents; each
/// feature maps its own endpoints. <see cref="StartAsync"/> returns once the server listens (versions keep loading in
/// the background; <c>/readyz</c> says when they are in).
/// </summary>
public sealed class ServingHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ModelRepository _repository;
    private readonly ILoggerFactory _loggerFactory;
    private bool _started;
    private bool _stopped;

    private ServingHost(WebApplication app, ModelRepository repository, ServerOptions options, ILoggerFactory loggerFactory, StartupTimeline timeline)
    {
        _app = app;
        _repository = repository;
        _loggerFactory = loggerFactory;
        Options = options;
        Startup = timeline;
    }

    /// <summary>When each start-up phase ended (for <c>sluice serve --startup-report</c>).</summary>
    public StartupTimeline Startup { get; }

    public ServerOptions Options { get; }

    /// <summary>The address the server listens on (known after <see cref="StartAsync"/>).</summary>
    public Uri Address => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public ServingMetrics Metrics => _app.Services.GetRequiredService<ServingMetrics>();

    public static ServingHost Create(ServerOptions options, Action<ILoggingBuilder>? configureLogging = null)
    {
        var timeline = new StartupTimeline();
        var loggerFactory = LoggerFactory.Create(logging =>
        {
            if (configureLogging is null) logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; });
            else configureLogging(logging);
            logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        });
        timeline.Mark("logging configured");

        // State and models first: the versions verify, load and warm up on the thread pool while the web host is
        // built below (on 2 cores the two halves of a cold start overlap instead of adding up).
        var store = new ServerStateStore(options.DataDirectory);
        timeline.Mark("state database opened");
        var metrics = new ServingMetrics();
        var repository = new ModelRepository(store, metrics, options, loggerFactory.CreateLogger("Sluice.Serving.Models"));
        repository.Restore();
        foreach (var source in options.Models) repository.RegisterBasePath(source);
        repository.Poll();
        timeline.Mark("models registered, loads started");

        // The empty builder: no configuration files, environment or command-line sources, no default logging
        // providers and no HTTPS setup — the server is configured by ServerOptions alone, and starts faster.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.UseKestrelCore();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            // Also bounds the management endpoints' JSON binding; the request pipeline turns Kestrel's 413 into {"error"}.
            kestrel.Limits.MaxRequestBodySize = options.MaxRequestBodyBytes;
        });
        builder.WebHost.UseUrls($"http://{options.Host}:{options.Port}");
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = options.ShutdownTimeout);
        builder.Services.Configure<RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        builder.Services.Configure<JsonOptions>(o =>
        {
            o.SerializerOptions.DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull;
            o.SerializerOptions.Encoder = JsonResponses.Encoder;
        });
        builder.Services.AddRoutingCore();
        builder.Services.AddOpenApi();
        builder.Services.AddSingleton(options);
        builder.Services.AddSingleton(store);
        builder.Services.AddSingleton(metrics);
        builder.Services.AddSingleton(repository);
        builder.Services.AddSingleton(new ApiKeyAuthenticator(new ApiKeyStore(store), TimeProvider.System));
        builder.Services.AddSingleton<ServingRuntime>();
        builder.Services.AddHostedService<BasePathPoller>();

        var app = builder.Build();
        app.UseMiddleware<RequestPipeline>();
        app.MapOpenApi();
        app.MapHealthApi();
        app.MapMetricsApi();
        app.MapModelStatusApi();
        app.MapPredictionApi();
        app.MapManagementApi();
        app.MapMalformedRequestFallback();
        timeline.Mark("web host built");

        if (!options.RequireApiKeys)
            app.Logger.LogWarning("AUTHENTICATION IS OFF (--no-auth): anyone who can reach {Host}:{Port} can call every model and the management API. Use this for local development only.", options.Host, options.Port);
        return new ServingHost(app, repository, options, loggerFactory, timeline);
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        await _app.StartAsync(cancellationToken).ConfigureAwait(false);
        _started = true;
        Startup.Mark("listening");
    }

    /// <summary>Waits until the versions known at start-up have loaded (or failed).</summary>
    public async Task WaitForLoadsAsync()
    {
        await _repository.WaitForBackgroundAsync().ConfigureAwait(false);
        Startup.Mark("versions loaded");
    }

    internal ModelRepository Repository => _repository;

    /// <summary>What <c>/readyz</c> answers: true when every model's default version is loaded, else why not.</summary>
    public bool IsReady(out string reason) => _repository.AllDefaultsReady(out reason);

    /// <summary>Runs (starting if needed) until Ctrl+C / SIGTERM or <paramref name="cancellationToken"/>, then finishes in-flight requests and unloads every version.</summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        if (!_started) await StartAsync(cancellationToken).ConfigureAwait(false);
        await _app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false); // Kestrel has finished in-flight requests
        _stopped = true;
        await _repository.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Stops accepting connections, lets in-flight requests finish, then drains and unloads every version.</summary>
    public async Task StopAsync()
    {
        if (_stopped) return;
        _stopped = true;
        await _app.StopAsync().ConfigureAwait(false);
        await _repository.DisposeAsync().ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        _loggerFactory.Dispose();
    }
}
