using Sluice.Serving.Hosting;
using Sluice.Serving.Repository;
using Sluice.Serving.Tests.Support;
using Sluice.TestKit;

namespace Sluice.Serving.Tests;

/// <summary>models.yaml and version policies.</summary>
public sealed class ConfigurationTests
{
    [Fact]
    public void Models_yaml_reads_models_policies_and_labels_relative_to_the_file()
    {
        using var dir = new TempDirectory("sluice-config");
        string path = dir.Combine("models.yaml");
        File.WriteAllText(path, """
            models:
              - name: census
                basePath: exports/census
                versionPolicy: latest:2
                labels: {stable: 1700000000, canary: 1700000100}
              - name: housing
                basePath: /srv/housing
            """);
        var models = ModelsConfigFile.Load(path);
        Assert.Equal(2, models.Count);
        Assert.Equal(Path.Combine(dir.Path, "exports/census"), models[0].BasePath);
        Assert.Equal(VersionPolicy.Latest(2), models[0].Policy);
        Assert.Equal(1700000100, models[0].Labels!["canary"]);
        Assert.Equal("/srv/housing", models[1].BasePath);
        Assert.Null(models[1].Policy);
    }

    [Theory]
    [InlineData("models:\n  - basePath: /x\n", "models[0].name is required")]
    [InlineData("models:\n  - name: m\n    basePath: /x\n    versionPolicy: newest\n", "models[0].versionPolicy")]
    [InlineData("models:\n  - name: m\n    basePath: [1, 2\n", "line")]
    public void Bad_models_yaml_names_the_entry(string yaml, string expected)
    {
        using var dir = new TempDirectory("sluice-config");
        string path = dir.Combine("models.yaml");
        File.WriteAllText(path, yaml);
        var error = Assert.Throws<FormatException>(() => ModelsConfigFile.Load(path));
        Assert.Contains(path, error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("latest", new long[] { 5 })]
    [InlineData("latest:2", new long[] { 3, 5 })]
    [InlineData("all", new long[] { 1, 3, 5 })]
    [InlineData("specific:1,5,9", new long[] { 1, 5 })]
    public void Version_policy_selects_versions(string text, long[] expected)
    {
        var policy = VersionPolicy.Parse(text);
        Assert.Equal(expected, policy.Select([5, 1, 3]));
        Assert.Equal(policy.ToString(), VersionPolicy.Parse(policy.ToString()).ToString());
    }

    [Fact]
    public async Task Server_started_from_models_yaml_serves_every_model()
    {
        using var dir = new TempDirectory("sluice-config");
        CensusLinearBundle.Write(dir.Combine("a"), 1);
        CensusLinearBundle.Write(dir.Combine("b"), 7);
        string path = dir.Combine("models.yaml");
        File.WriteAllText(path, "models:\n  - {name: a, basePath: a}\n  - {name: b, basePath: b, labels: {stable: 7}}\n");
        await using var server = await TestServer.StartAsync(o => o with { Models = ModelsConfigFile.Load(path) });
        Assert.Equal(200, (int)(await server.PostAsync("/v1/models/a:predict", new { instances = new[] { CensusLinearBundle.Young } })).StatusCode);
        Assert.Equal(200, (int)(await server.PostAsync("/v1/models/b/labels/stable:predict", new { instances = new[] { CensusLinearBundle.Young } })).StatusCode);
    }
}
