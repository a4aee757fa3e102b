using Sluice.Jobs.Client;
using Sluice.TestKit;

namespace Sluice.Jobs.Tests.Client;

/// <summary>Where `sluice jobs` finds the engine without --url: the environment, then the CLI config file, then the default.</summary>
public sealed class EngineAddressTests : IDisposable
{
    private readonly TempDirectory _dir = new("sluice-jobs-address");

    private string Config(string text)
    {
        string path = _dir.Combine("config.json");
        File.WriteAllText(path, text);
        return path;
    }

    [Fact]
    public void The_environment_wins_then_the_config_file_then_the_default()
    {
        string config = Config("""{"engineUrl": "http://trainer-host:8700"}""");
        Assert.Equal(new Uri("http://env-host:8600"), EngineAddress.Resolve("http://env-host:8600", config));
        Assert.Equal(new Uri("http://trainer-host:8700"), EngineAddress.Resolve(null, config));
        Assert.Equal(new Uri("http://trainer-host:8700"), EngineAddress.Resolve("", config));
        Assert.Equal(new Uri(EngineAddress.Default), EngineAddress.Resolve(null, _dir.Combine("missing.json")));
        Assert.Equal(new Uri(EngineAddress.Default), EngineAddress.Resolve(null, Config("""{"other": 1}""")));
    }

    [Theory]
    [InlineData("""{"engineUrl": 8600}""", "engineUrl: expected a string")]
    [InlineData("""{"engineUrl": "trainer-host:8600"}""", "engineUrl: 'trainer-host:8600' is not an http(s) URL")]
    [InlineData("{\n  \"engineUrl\": ", "line 2: not valid JSON")]
    [InlineData("""["http://host"]""", "expected a JSON object")]
    public void A_bad_config_file_is_named_with_the_field(string text, string expected)
    {
        string config = Config(text);
        var e = Assert.Throws<FormatException>(() => EngineAddress.Resolve(null, config));
        Assert.StartsWith(config + ": ", e.Message);
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void A_bad_environment_url_names_the_variable()
        => Assert.Contains("$SLUICE_ENGINE_URL: 'nonsense' is not an http(s) URL", Assert.Throws<FormatException>(() => EngineAddress.Resolve("nonsense", _dir.Combine("none.json"))).Message);

    public void Dispose() => _dir.Dispose();
}
