using Sluice.Serving.Hosting;
using Sluice.Serving.Tests.Support;
using Sluice.TestKit;

namespace Sluice.Serving.Tests;

/// <summary>/healthz, /readyz (only when every default version is loaded), /metrics and /openapi/v1.json.</summary>
public sealed class HealthMetricsOpenApiTests
{
    [Fact]
    public async Task Readyz_is_503_until_the_default_version_is_loaded()
    {
        using var models = new TempDirectory("sluice-models");
        string basePath = models.Combine("m");
        Directory.CreateDirectory(basePath);
        await using var server = await TestServer.StartAsync(o => o with { Models = [new ModelSource("m", basePath)] });
        Assert.Equal(200, (int)(await server.Client.GetAsync("/healthz")).StatusCode);
        Assert.Contains("model 'm'", await TestServer.AssertErrorAsync(await server.Client.GetAsync("/readyz"), 503));
        await TestServer.AssertErrorAsync(await server.PostAsync("/v1/models/m:predict", new { instances = new[] { CensusLinearBundle.Young } }), 404);

        CensusLinearBundle.Write(basePath, 5);
        await TestServer.EventuallyAsync(async () => (await server.Client.GetAsync("/readyz")).IsSuccessStatusCode, "ready after the first version loads");
    }

    [Fact]
    public async Task Metrics_count_requests_errors_batches_and_loads()
    {
        using var models = new TempDirectory("sluice-models");
        CensusLinearBundle.Write(models.Combine("m"), 1);
        await using var server = await TestServer.StartAsync(o => o with { Models = [new ModelSource("m", models.Combine("m"))] });
        for (int i = 0; i < 3; i++) await server.PostAsync("/v1/models/m:predict", new { instances = new[] { CensusLinearBundle.Young, CensusLinearBundle.Executive } });
        await server.PostAsync("/v1/models/m:predict", new { instances = new[] { new { age = 1 } } });
        string text = await server.Client.GetStringAsync("/metrics");
        Assert.Contains("sluice_requests_total{endpoint=\"predict\",code=\"200\"} 3", text);
        Assert.Contains("sluice_requests_total{endpoint=\"predict\",code=\"400\"} 1", text);
        Assert.Contains("sluice_errors_total{code=\"400\"} 1", text);
        Assert.Contains("sluice_instances_total 6", text);
        Assert.Contains("sluice_model_loads_total{outcome=\"ready\"} 1", text);
        Assert.Contains("sluice_request_duration_seconds_bucket{le=\"+Inf\"}", text);
        Assert.Contains("sluice_batch_size_count", text);
        Assert.Contains("sluice_model_version_state{model=\"m\",version=\"1\",state=\"Ready\"} 1", text);
    }

    [Fact]
    public async Task OpenApi_document_lists_the_inference_and_management_paths()
    {
        await using var server = await TestServer.StartAsync();
        string json = await server.Client.GetStringAsync("/openapi/v1.json");
        Assert.Contains("/v1/models/{name}:{verb}", json);
        Assert.Contains("/v1/models/{name}/versions/{version}/metadata", json);
        Assert.Contains("/v1/projects/{project}/models/{model}/versions", json);
        Assert.Contains("/healthz", json);
    }
}
