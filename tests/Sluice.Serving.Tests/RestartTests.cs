using System.Net.Http.Json;
using Sluice.Serving.Tests.Support;
using Sluice.TestKit;

namespace Sluice.Serving.Tests;

/// <summary>Models, versions, default version, labels and keys survive a restart (SQLite in the data dir).</summary>
public sealed class RestartTests
{
    [Fact]
    public async Task State_survives_a_restart()
    {
        using var data = new TempDirectory("sluice-data");
        using var exports = new TempDirectory("sluice-exports");
        const string models = "/v1/projects/local/models";
        string key;
        await using (var first = await TestServer.StartAsync(o => o with { RequireApiKeys = true }, data.Path))
        {
            (key, _) = first.Keys.Create("ops", null, null, admin: true);
            first.Client.DefaultRequestHeaders.Add("x-api-key", key);
            await first.PostAsync(models, new { name = "census" });
            await first.PostAsync($"{models}/census/versions", new { deploymentUri = CensusLinearBundle.Write(exports.Path, 1, -6f) });
            await first.PostAsync($"{models}/census/versions", new { deploymentUri = CensusLinearBundle.Write(exports.Path, 2, -2f) });
            await first.Host.WaitForLoadsAsync();
            Assert.Equal(200, (int)(await first.Client.PostAsync($"{models}/census/versions/2:setDefault", null)).StatusCode);
            Assert.Equal(200, (int)(await first.Client.PutAsJsonAsync($"{models}/census/labels/stable", new { version = "1" })).StatusCode);
        }

        await using var second = await TestServer.StartAsync(o => o with { RequireApiKeys = true }, data.Path);
        second.Client.DefaultRequestHeaders.Add("x-api-key", key); // the key still works
        var model = await TestServer.ReadJsonAsync(await second.Client.GetAsync($"{models}/census"));
        Assert.Equal("2", model.GetProperty("defaultVersion").GetString());
        Assert.Equal("1", model.GetProperty("labels").GetProperty("stable").GetString());
        var versions = await TestServer.ReadJsonAsync(await second.Client.GetAsync($"{models}/census/versions"));
        Assert.All(versions.GetProperty("versions").EnumerateArray(), v => Assert.Equal("READY", v.GetProperty("state").GetString()));

        var stable = await TestServer.ReadJsonAsync(await second.PostAsync("/v1/models/census/labels/stable:predict", new { instances = new[] { CensusLinearBundle.Young } }));
        AssertClose.Scalar(CensusLinearBundle.ExpectedLogit(CensusLinearBundle.Young, -6f), stable.GetProperty("predictions")[0].GetProperty("logits")[0].GetDouble(), 1e-5, 1e-5);
        var latest = await TestServer.ReadJsonAsync(await second.PostAsync("/v1/models/census:predict", new { instances = new[] { CensusLinearBundle.Young } }));
        AssertClose.Scalar(CensusLinearBundle.ExpectedLogit(CensusLinearBundle.Young, -2f), latest.GetProperty("predictions")[0].GetProperty("logits")[0].GetDouble(), 1e-5, 1e-5);
    }
}
