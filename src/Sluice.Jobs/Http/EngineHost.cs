using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Sluice.Board;
using Sluice.Jobs.Running;
using Sluice.Jobs.Slurm;
using Sluice.Jobs.Store;
using Sluice.Serving.Auth;
using Sluice.Serving.Hosting;
using Sluice.Serving.State;

namespace Sluice.Jobs.Http;

/// <summary>
/// <c>sluice engine</c>: the job API and the model server in one process. The model server (H7's
/// <see cref="ServingHost"/>) listens on a loopback port; this host serves the job endpoints and forwards every
/// other request to it, so clients use one URL for jobs, models, versions and predictions.
/// </summary>
public sealed class EngineHost : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ServingHost _serving;
    private readonly SqlJobStore _store;
    private readonly ServingProxy _proxy;

    private EngineHost(WebApplication app, ServingHost serving, SqlJobStore store, JobEngine engine, ServingProxy proxy)
    {
        _app = app;
        _serving = serving;
        _store = store;
        Engine = engine;
        _proxy = proxy;
    }

    public JobEngine Engine { get; }

    public string StoreDescription => _store.Description;

    public Uri Address => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    public Uri ServingAddress => _serving.Address;

    public static async Task<EngineHost> StartAsync(EngineOptions options, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(options.DataDirectory);
        var serving = ServingHost.Create(new ServerOptions { DataDirectory = options.DataDirectory, Host = "127.0.0.1", Port = 0, RequireApiKeys = options.RequireApiKeys },
            logging => logging.AddSimpleConsole(o => { o.SingleLine = true; o.TimestampFormat = "HH:mm:ss "; }).SetMinimumLevel(LogLevel.Warning));
        await serving.StartAsync(cancellationToken).ConfigureAwait(false);

        var store = SqlJobStore.Open(options.StoreLocation);
        IJobBackend backend = options.Backend switch
        {
            "local" => new LocalProcessBackend(options.Slots),
            "slurm" => new SlurmBackend(options.Slots),
            _ => throw new ArgumentException($"--backend: '{options.Backend}' is not local or slurm."),
        };
        var engine = new JobEngine(store, backend, new JobEngineOptions
        {
            DataDirectory = options.DataDirectory,
            EngineId = options.EngineId,
            Trainer = options.Trainer ?? TrainerCommand.CurrentProcess(),
        });

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(k => { k.AddServerHeader = false; k.Limits.MaxRequestBodySize = null; });
        builder.WebHost.UseUrls($"http://{options.Host}:{options.Port}");
        builder.Services.AddRoutingCore();
        builder.Services.AddSingleton(engine);
        builder.Services.AddSingleton(new EngineAuth(new ApiKeyStore(new ServerStateStore(options.DataDirectory)), options.RequireApiKeys));
        builder.Services.AddSingleton(new EngineServing(() => serving.Address));
        var proxy = new ServingProxy(() => serving.Address);
        if (options.Board)
        {
            string logdir = Directory.CreateDirectory(Path.Combine(options.DataDirectory, "jobs")).FullName;
            BoardApp.AddBoard(builder.Services, new BoardOptions(logdir, Profiles: options.BoardProfiles, EngineConsole: true));
        }

        var app = builder.Build();
        app.MapJobsApi();
        if (options.Board)
        {
            // The dashboard's data (curves, hparams, dataset profiles) takes the same admin key as the job API.
            BoardApp.MapBoard(app, "/board").AddEndpointFilter((context, next) =>
                context.HttpContext.RequestServices.GetRequiredService<EngineAuth>().Check(context.HttpContext) is { } denied
                    ? ValueTask.FromResult<object?>(denied)
                    : next(context));
            app.MapGet("/", () => Results.Redirect("/board/"));
        }
        app.MapFallback(proxy.ForwardAsync);
        engine.Start();
        await app.StartAsync(cancellationToken).ConfigureAwait(false);
        return new EngineHost(app, serving, store, engine, proxy);
    }

    /// <summary>Runs until Ctrl+C / SIGTERM (or <paramref name="cancellationToken"/>).</summary>
    public async Task WaitForShutdownAsync(CancellationToken cancellationToken = default)
    {
        using var registration = cancellationToken.Register(() => _app.Lifetime.StopApplication());
        var stopped = new TaskCompletionSource();
        using var onStop = _app.Lifetime.ApplicationStopping.Register(() => stopped.TrySetResult());
        await stopped.Task.ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await Engine.DisposeAsync().ConfigureAwait(false);
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        await _serving.DisposeAsync().ConfigureAwait(false);
        _proxy.Dispose();
        _store.Dispose();
    }
}
