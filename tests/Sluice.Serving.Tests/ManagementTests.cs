using System.Net.Http.Json;
using System.Text.Json;
using Sluice.Serving.Tests.Support;
using Sluice.TestKit;

namespace Sluice.Serving.Tests;

/// <summary>ML Engine style management: models, versions (CREATING → READY | FAILED), default version, labels.</summary>
public sealed class ManagementTests : IAsyncLifetime
{
    private const string Models = "/v1/projects/local/models";
    private readonly TempDirectory _exports = new("sluice-exports");
    private TestServer _server = null!;

    public async Task InitializeAsync() => _server = await TestServer.StartAsync();

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _exports.Dispose();
    }

    private async Task<JsonElement> WaitForStateAsync(string model, string version, string state)
    {
        JsonElement found = default;
        await TestServer.EventuallyAsync(async () =>
        {
            found = await TestServer.ReadJsonAsync(await _server.Client.GetAsync($"{Models}/{model}/versions/{version}"));
            return found.GetProperty("state").GetString() == state;
        }, $"{model} v{version} {state}");
        return found;
    }

    private async Task<double> PredictLogitAsync(string path)
    {
        var response = await _server.PostAsync(path, new { instances = new[] { CensusLinearBundle.Young } });
        var body = await TestServer.ReadJsonAsync(response);
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        return body.GetProperty("predictions")[0].GetProperty("logits")[0].GetDouble();
    }

    [Fact]
    public async Task Create_version_loads_it_and_the_first_becomes_default()
    {
        var created = await TestServer.ReadJsonAsync(await _server.PostAsync(Models, new { name = "census", description = "wide and deep" }));
        Assert.Equal("census", created.GetProperty("name").GetString());
        await TestServer.AssertErrorAsync(await _server.PostAsync(Models, new { name = "census" }), 409);
        await TestServer.AssertErrorAsync(await _server.PostAsync(Models, new { name = "9bad-name" }), 400);

        string export = CensusLinearBundle.Write(_exports.Path, 1700000000, bias: -6f);
        var version = await TestServer.ReadJsonAsync(await _server.PostAsync($"{Models}/census/versions", new { deploymentUri = export }));
        Assert.Equal("1700000000", version.GetProperty("name").GetString()); // named after the export folder
        Assert.Contains(version.GetProperty("state").GetString(), new[] { "CREATING", "READY" });
        var ready = await WaitForStateAsync("census", "1700000000", "READY");
        Assert.True(ready.GetProperty("isDefault").GetBoolean());
        Assert.True(ready.GetProperty("loadSeconds").GetDouble() > 0);

        AssertClose.Scalar(CensusLinearBundle.ExpectedLogit(CensusLinearBundle.Young, -6f), await PredictLogitAsync("/v1/models/census:predict"), 1e-5, 1e-5);
        var list = await TestServer.ReadJsonAsync(await _server.Client.GetAsync(Models));
        Assert.Equal("1700000000", list.GetProperty("models")[0].GetProperty("defaultVersion").GetString());
    }

    [Fact]
    public async Task Default_switch_and_labels_route_requests()
    {
        await _server.PostAsync(Models, new { name = "m" });
        await _server.PostAsync($"{Models}/m/versions", new { deploymentUri = CensusLinearBundle.Write(_exports.Path, 1, bias: -6f) });
        await _server.PostAsync($"{Models}/m/versions", new { deploymentUri = CensusLinearBundle.Write(_exports.Path, 2, bias: -2f) });
        await WaitForStateAsync("m", "1", "READY");
        await WaitForStateAsync("m", "2", "READY");
        double v1 = CensusLinearBundle.ExpectedLogit(CensusLinearBundle.Young, -6f), v2 = CensusLinearBundle.ExpectedLogit(CensusLinearBundle.Young, -2f);

        AssertClose.Scalar(v1, await PredictLogitAsync("/v1/models/m:predict"), 1e-5, 1e-5); // first version is the default
        var switched = await _server.Client.PostAsync($"{Models}/m/versions/2:setDefault", null);
        Assert.True((await TestServer.ReadJsonAsync(switched)).GetProperty("isDefault").GetBoolean());
        AssertClose.Scalar(v2, await PredictLogitAsync("/v1/models/m:predict"), 1e-5, 1e-5);

        Assert.Equal(200, (int)(await _server.Client.PutAsJsonAsync($"{Models}/m/labels/stable", new { version = "1" })).StatusCode);
        Assert.Equal(200, (int)(await _server.Client.PutAsJsonAsync($"{Models}/m/labels/canary", new { version = "2" })).StatusCode);
        AssertClose.Scalar(v1, await PredictLogitAsync("/v1/models/m/labels/stable:predict"), 1e-5, 1e-5);
        AssertClose.Scalar(v2, await PredictLogitAsync("/v1/models/m/labels/canary:predict"), 1e-5, 1e-5);
        AssertClose.Scalar(v1, await PredictLogitAsync("/v1/models/m/versions/1:predict"), 1e-5, 1e-5);
        var labelled = await TestServer.ReadJsonAsync(await _server.Client.GetAsync("/v1/models/m/labels/canary"));
        Assert.Equal("2", labelled.GetProperty("model_version_status")[0].GetProperty("version").GetString());
        var metadata = await TestServer.ReadJsonAsync(await _server.Client.GetAsync("/v1/models/m/labels/stable/metadata"));
        Assert.Equal("1", metadata.GetProperty("model_spec").GetProperty("version").GetString());

        await TestServer.AssertErrorAsync(await _server.Client.PutAsJsonAsync($"{Models}/m/labels/bad-label", new { version = "1" }), 400);
        await TestServer.AssertErrorAsync(await _server.Client.PutAsJsonAsync($"{Models}/m/labels/x", new { version = "9" }), 404);
        Assert.Equal(200, (int)(await _server.Client.DeleteAsync($"{Models}/m/labels/canary")).StatusCode);
        await TestServer.AssertErrorAsync(await _server.PostAsync("/v1/models/m/labels/canary:predict", new { instances = new[] { CensusLinearBundle.Young } }), 404);
    }

    [Fact]
    public async Task Corrupted_bundle_fails_with_the_reason_and_delete_rules_hold()
    {
        await _server.PostAsync(Models, new { name = "c" });
        string good = CensusLinearBundle.Write(_exports.Path, 1);
        string bad = CensusLinearBundle.Write(_exports.Path, 2);
        File.AppendAllText(Path.Combine(bad, "linear-model.json"), " ");
        await _server.PostAsync($"{Models}/c/versions", new { deploymentUri = good });
        await _server.PostAsync($"{Models}/c/versions", new { deploymentUri = bad });
        await WaitForStateAsync("c", "1", "READY");
        var failed = await WaitForStateAsync("c", "2", "FAILED");
        Assert.Contains("linear-model.json", failed.GetProperty("errorMessage").GetString());
        Assert.Contains("SHA-256", failed.GetProperty("errorMessage").GetString());
        var status = await TestServer.ReadJsonAsync(await _server.Client.GetAsync("/v1/models/c/versions/2"));
        Assert.Equal("END", status.GetProperty("model_version_status")[0].GetProperty("state").GetString());
        Assert.Contains("SHA-256", await TestServer.AssertErrorAsync(await _server.PostAsync("/v1/models/c/versions/2:predict", new { instances = new[] { CensusLinearBundle.Young } }), 404));

        await TestServer.AssertErrorAsync(await _server.PostAsync($"{Models}/c/versions", new { deploymentUri = "/no/such/folder" }), 400);
        await TestServer.AssertErrorAsync(await _server.Client.DeleteAsync($"{Models}/c"), 400); // still has versions
        Assert.Contains("default", await TestServer.AssertErrorAsync(await _server.Client.DeleteAsync($"{Models}/c/versions/1"), 400));
        Assert.Equal(200, (int)(await _server.Client.DeleteAsync($"{Models}/c/versions/2")).StatusCode);
        Assert.Equal(200, (int)(await _server.Client.DeleteAsync($"{Models}/c/versions/1")).StatusCode); // the last one may go
        Assert.Equal(200, (int)(await _server.Client.DeleteAsync($"{Models}/c")).StatusCode);
        await TestServer.AssertErrorAsync(await _server.Client.GetAsync($"{Models}/c"), 404);
    }
}
