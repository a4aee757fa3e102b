using System.Text.Json;
using Sluice.Serving.Hosting;
using Sluice.Serving.Repository;
using Sluice.Serving.Tests.Support;
using Sluice.TestKit;

namespace Sluice.Serving.Tests;

/// <summary>New version folders under a base path load in the background and replace the old one with no failed request.</summary>
public sealed class HotReloadTests
{
    [Fact]
    public async Task New_version_swaps_in_under_continuous_load_with_zero_failed_requests()
    {
        using var models = new TempDirectory("sluice-models");
        string basePath = models.Combine("census");
        CensusLinearBundle.Write(basePath, 1, bias: -6f);
        await using var server = await TestServer.StartAsync(o => o with { Models = [new ModelSource("census", basePath)] });
        double v1 = CensusLinearBundle.ExpectedLogit(CensusLinearBundle.Young, -6f), v2 = CensusLinearBundle.ExpectedLogit(CensusLinearBundle.Young, -2f);
        string body = JsonSerializer.Serialize(new { instances = new[] { CensusLinearBundle.Young } });

        var traffic = VersionSwapTraffic.Start(server.Client, "/v1/models/census:predict", body, v1, v2, tolerance: 1e-4);
        await TestServer.EventuallyAsync(() => Task.FromResult(traffic.Ok > 50), "traffic on v1");
        CensusLinearBundle.Write(basePath, 2, bias: -2f);
        await TestServer.EventuallyAsync(() => Task.FromResult(traffic.SawNew > 50), "traffic on v2");
        await TestServer.EventuallyAsync(async () =>
        {
            var status = await TestServer.ReadJsonAsync(await server.Client.GetAsync("/v1/models/census"));
            return status.GetProperty("model_version_status").GetArrayLength() == 1; // v1 drained and unloaded
        }, "v1 unloaded");
        await traffic.StopAsync();

        Assert.Empty(traffic.Failures);
        Assert.True(traffic.Ok > 100, $"only {traffic.Ok} requests");
        Assert.Contains("sluice_model_unloads_total 1", await server.Client.GetStringAsync("/metrics"));
    }

    [Fact]
    public async Task Version_policy_latest_two_keeps_two_and_labels_pin_older_versions()
    {
        using var models = new TempDirectory("sluice-models");
        string basePath = models.Combine("m");
        for (int v = 1; v <= 3; v++) CensusLinearBundle.Write(basePath, v);
        var labels = new Dictionary<string, long> { ["stable"] = 1 };
        await using var server = await TestServer.StartAsync(o => o with { Models = [new ModelSource("m", basePath, VersionPolicy.Latest(2), labels)] });
        await TestServer.EventuallyAsync(async () =>
        {
            var status = await TestServer.ReadJsonAsync(await server.Client.GetAsync("/v1/models/m"));
            var versions = status.GetProperty("model_version_status").EnumerateArray()
                .Where(v => v.GetProperty("state").GetString() == "AVAILABLE").Select(v => v.GetProperty("version").GetString()).Order().ToArray();
            return versions.SequenceEqual(["1", "2", "3"]); // 2 and 3 by policy, 1 pinned by the label
        }, "versions 1 (label), 2, 3 available");
        var metadata = await TestServer.ReadJsonAsync(await server.Client.GetAsync("/v1/models/m/metadata"));
        Assert.Equal("3", metadata.GetProperty("model_spec").GetProperty("version").GetString()); // default: latest
    }
}

/// <summary>Loads and unloads 30 versions and compares the managed heap before and after (run alone: see <see cref="SerialCollection"/>).</summary>
[Collection(SerialCollection.Name)]
public sealed class MemoryOverReloads
{
    [Fact]
    public async Task Managed_memory_returns_to_its_level_over_30_reloads()
    {
        using var models = new TempDirectory("sluice-models");
        string basePath = models.Combine("m");
        CensusLinearBundle.Write(basePath, 1);
        await using var server = await TestServer.StartAsync(o => o with { Models = [new ModelSource("m", basePath)] });
        var repository = server.Host.Repository;

        async Task ReloadAsync(int version)
        {
            CensusLinearBundle.Write(basePath, version);
            Directory.Delete(Path.Combine(basePath, (version - 1).ToString(System.Globalization.CultureInfo.InvariantCulture)), recursive: true);
            await TestServer.EventuallyAsync(async () =>
            {
                await repository.WaitForBackgroundAsync();
                var model = repository.GetModel("m");
                return model.Versions.Count == 1 && model.Versions.ContainsKey(version) && model.Versions[version].State == VersionState.Ready;
            }, $"version {version} alone");
            await repository.WaitForBackgroundAsync();
        }

        for (int v = 2; v <= 6; v++) await ReloadAsync(v); // warm up the runtime's own caches
        long before = SettledMemory();
        for (int v = 7; v <= 36; v++) await ReloadAsync(v);
        long after = SettledMemory();
        Assert.True(after - before < 2_000_000, $"managed memory grew by {after - before:N0} bytes over 30 reloads");
        Assert.Equal(200, (int)(await server.PostAsync("/v1/models/m:predict", new { instances = new[] { CensusLinearBundle.Young } })).StatusCode);
    }

    private static long SettledMemory()
    {
        for (int i = 0; i < 3; i++)
        {
            GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
            GC.WaitForPendingFinalizers();
        }
        return GC.GetTotalMemory(forceFullCollection: true);
    }
}
