using System.Net.Http.Json;
using Sluice.Serving.Hosting;
using Sluice.Serving.Tests.Support;
using Sluice.TestKit;

namespace Sluice.Serving.Tests;

/// <summary>API keys: 401 without or with a bad/revoked key, 403 outside the key's models or for management, 429 over rate.</summary>
public sealed class ApiKeyTests : IAsyncLifetime
{
    private readonly TempDirectory _models = new("sluice-models");
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        CensusLinearBundle.Write(_models.Combine("census"), 1);
        CensusLinearBundle.Write(_models.Combine("other"), 1);
        _server = await TestServer.StartAsync(o => o with
        {
            RequireApiKeys = true,
            Models = [new ModelSource("census", _models.Combine("census")), new ModelSource("other", _models.Combine("other"))],
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _models.Dispose();
    }

    private Task<HttpResponseMessage> PredictAsync(string model, Action<HttpRequestMessage> present)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v1/models/{model}:predict")
        {
            Content = TestServer.Json(new { instances = new[] { CensusLinearBundle.Young } }),
        };
        present(request);
        return _server.Client.SendAsync(request);
    }

    [Fact]
    public async Task Key_may_be_presented_three_ways_and_only_its_hash_is_stored()
    {
        var (key, record) = _server.Keys.Create("ci", null, null, admin: false);
        Assert.Equal(200, (int)(await PredictAsync("census", r => r.Headers.Authorization = TestServer.Bearer(key))).StatusCode);
        Assert.Equal(200, (int)(await PredictAsync("census", r => r.Headers.Add("x-api-key", key))).StatusCode);
        Assert.Equal(200, (int)(await PredictAsync("census", r => r.RequestUri = new Uri($"/v1/models/census:predict?key={Uri.EscapeDataString(key)}", UriKind.Relative))).StatusCode);

        string secret = key[(key.IndexOf('.') + 1)..];
        byte[] database = File.ReadAllBytes(Path.Combine(_server.DataDirectory, State.ServerStateStore.FileName));
        string wal = Path.Combine(_server.DataDirectory, State.ServerStateStore.FileName + "-wal");
        byte[] walBytes = File.Exists(wal) ? File.ReadAllBytes(wal) : [];
        Assert.DoesNotContain(secret, System.Text.Encoding.ASCII.GetString(database) + System.Text.Encoding.ASCII.GetString(walBytes));
        Assert.Equal(32, record.Hash.Length);
    }

    [Fact]
    public async Task Missing_bad_and_revoked_keys_are_401()
    {
        Assert.Contains("Missing API key", await TestServer.AssertErrorAsync(await PredictAsync("census", _ => { }), 401));
        await TestServer.AssertErrorAsync(await PredictAsync("census", r => r.Headers.Add("x-api-key", "not-a-key")), 401);
        var (key, _) = _server.Keys.Create("temp", null, null, admin: false);
        string forged = key[..^4] + "AAAA";
        await TestServer.AssertErrorAsync(await PredictAsync("census", r => r.Headers.Add("x-api-key", forged)), 401);
        Assert.Equal(200, (int)(await PredictAsync("census", r => r.Headers.Add("x-api-key", key))).StatusCode);

        Assert.True(_server.Keys.Revoke("temp"));
        await TestServer.EventuallyAsync(async () => (int)(await PredictAsync("census", r => r.Headers.Add("x-api-key", key))).StatusCode == 401,
            "revocation seen by the running server", seconds: 5);
        Assert.Contains("revoked", await TestServer.AssertErrorAsync(await PredictAsync("census", r => r.Headers.Add("x-api-key", key)), 401));
    }

    [Fact]
    public async Task Key_limited_to_models_is_403_elsewhere_and_management_needs_admin()
    {
        var (key, _) = _server.Keys.Create("census-only", ["census"], null, admin: false);
        Assert.Equal(200, (int)(await PredictAsync("census", r => r.Headers.Add("x-api-key", key))).StatusCode);
        Assert.Contains("not allowed to call model 'other'", await TestServer.AssertErrorAsync(await PredictAsync("other", r => r.Headers.Add("x-api-key", key)), 403));

        var list = new HttpRequestMessage(HttpMethod.Get, "/v1/projects/local/models");
        list.Headers.Add("x-api-key", key);
        await TestServer.AssertErrorAsync(await _server.Client.SendAsync(list), 403);
        var (admin, _) = _server.Keys.Create("ops", null, null, admin: true);
        var adminList = new HttpRequestMessage(HttpMethod.Get, "/v1/projects/local/models");
        adminList.Headers.Add("x-api-key", admin);
        var models = await TestServer.ReadJsonAsync(await _server.Client.SendAsync(adminList));
        Assert.Equal(2, models.GetProperty("models").GetArrayLength());
    }

    [Fact]
    public async Task Key_over_its_rate_is_429()
    {
        var (key, _) = _server.Keys.Create("slow", null, ratePerMinute: 5, admin: false);
        for (int i = 0; i < 5; i++) Assert.Equal(200, (int)(await PredictAsync("census", r => r.Headers.Add("x-api-key", key))).StatusCode);
        Assert.Contains("5 requests per minute", await TestServer.AssertErrorAsync(await PredictAsync("census", r => r.Headers.Add("x-api-key", key)), 429));
    }

    [Fact]
    public async Task Health_metrics_and_openapi_need_no_key()
    {
        Assert.Equal(200, (int)(await _server.Client.GetAsync("/healthz")).StatusCode);
        Assert.Equal(200, (int)(await _server.Client.GetAsync("/readyz")).StatusCode);
        Assert.Equal(200, (int)(await _server.Client.GetAsync("/metrics")).StatusCode);
        Assert.Equal(200, (int)(await _server.Client.GetAsync("/openapi/v1.json")).StatusCode);
        await TestServer.AssertErrorAsync(await _server.Client.GetAsync("/v1/models/census"), 401);
    }
}
