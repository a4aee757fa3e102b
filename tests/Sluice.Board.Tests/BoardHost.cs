using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;

namespace Sluice.Board.Tests;

/// <summary>A real board (Kestrel on a free loopback port) over a logdir, for API and browser tests.</summary>
internal sealed class BoardHost : IAsyncDisposable
{
    private readonly WebApplication _app;

    private BoardHost(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Client = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri Address { get; }

    public HttpClient Client { get; }

    public static async Task<BoardHost> StartAsync(string logdir, int samplesPerSeries = 1000, IReadOnlyList<string>? profiles = null)
    {
        var options = new BoardOptions(logdir, Port: 0, ReloadInterval: TimeSpan.FromMilliseconds(200), SamplesPerSeries: samplesPerSeries, Profiles: profiles);
        WebApplication app = BoardApp.Build(options);
        await app.StartAsync();
        var host = new BoardHost(app, BoardApp.ListeningAddress(app));
        await host.WaitUntilAsync(async () => !(await host.GetRunsAsync()).GetProperty("loading").GetBoolean(), "the first load");
        return host;
    }

    public async Task<JsonElement> GetRunsAsync() => await Client.GetFromJsonAsync<JsonElement>("/api/runs");

    /// <summary>Polls <paramref name="condition"/> for up to 20 s (reloads run every 200 ms).</summary>
    public async Task WaitUntilAsync(Func<Task<bool>> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Timed out waiting for {what}.");
            await Task.Delay(50);
        }
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
