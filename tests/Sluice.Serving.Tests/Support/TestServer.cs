using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Sluice.Serving.Auth;
using Sluice.Serving.Hosting;
using Sluice.Serving.State;
using Sluice.TestKit;

namespace Sluice.Serving.Tests.Support;

/// <summary>A real server (Kestrel on a free loopback port) over a temp data dir, with an HttpClient pointed at it.</summary>
internal sealed class TestServer : IAsyncDisposable
{
    private TestServer(ServingHost host, TempDirectory? owned, string dataDirectory)
    {
        Host = host;
        _owned = owned;
        DataDirectory = dataDirectory;
        Client = new HttpClient { BaseAddress = host.Address, Timeout = TimeSpan.FromSeconds(60) };
    }

    private readonly TempDirectory? _owned;
    public ServingHost Host { get; }
    public HttpClient Client { get; }
    public string DataDirectory { get; }

    /// <summary>Starts a server; <paramref name="configure"/> adjusts the options (auth is off unless it turns it on).</summary>
    public static async Task<TestServer> StartAsync(Func<ServerOptions, ServerOptions>? configure = null, string? dataDirectory = null, bool waitForLoads = true)
    {
        var owned = dataDirectory is null ? new TempDirectory("sluice-serving") : null;
        string data = dataDirectory ?? owned!.Path;
        var options = new ServerOptions { DataDirectory = data, Port = 0, RequireApiKeys = false, PollInterval = TimeSpan.FromMilliseconds(100), Batching = new() { Workers = 2 } };
        if (configure is not null) options = configure(options);
        var host = ServingHost.Create(options, logging => { });
        await host.StartAsync();
        if (waitForLoads) await host.WaitForLoadsAsync();
        return new TestServer(host, owned, data);
    }

    public ApiKeyStore Keys => new(new ServerStateStore(DataDirectory));

    public static StringContent Json(object body) => new(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
    public static StringContent RawJson(string body) => new(body, Encoding.UTF8, "application/json");

    public Task<HttpResponseMessage> PostAsync(string path, object body) => Client.PostAsync(path, Json(body));

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        string text = await response.Content.ReadAsStringAsync();
        return JsonDocument.Parse(text).RootElement.Clone();
    }

    /// <summary>Asserts the status and that the body is <c>{"error": ...}</c>; returns the message.</summary>
    public static async Task<string> AssertErrorAsync(HttpResponseMessage response, int status)
    {
        string text = await response.Content.ReadAsStringAsync();
        Assert.True((int)response.StatusCode == status, $"expected {status}, got {(int)response.StatusCode}: {text}");
        using var document = JsonDocument.Parse(text);
        return document.RootElement.GetProperty("error").GetString()!;
    }

    /// <summary>
    /// Polls <paramref name="condition"/> until true or the timeout passes. The timeout is a deadline for a broken
    /// server, not an expectation of speed: generous, so a loaded CI machine never trips it.
    /// </summary>
    public static async Task EventuallyAsync(Func<Task<bool>> condition, string what, double seconds = 120)
    {
        var deadline = DateTime.UtcNow.AddSeconds(seconds);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition()) return;
            await Task.Delay(50);
        }
        Assert.Fail($"Timed out after {seconds} s waiting for: {what}");
    }

    public static AuthenticationHeaderValue Bearer(string key) => new("Bearer", key);

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await Host.DisposeAsync();
        _owned?.Dispose();
    }
}
