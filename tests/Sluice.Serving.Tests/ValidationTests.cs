using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Serving.Hosting;
using Sluice.Serving.Tests.Support;
using Sluice.TestKit;

namespace Sluice.Serving.Tests;

/// <summary>Bad bodies are refused with 400 (naming the instance and field) or 413 (too big / too many).</summary>
public sealed class ValidationTests : IAsyncLifetime
{
    private readonly TempDirectory _models = new("sluice-models");
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        CensusLinearBundle.Write(_models.Combine("census"), 1);
        _server = await TestServer.StartAsync(o => o with
        {
            Models = [new ModelSource("census", _models.Combine("census"))],
            MaxInstancesPerRequest = 8,
            MaxRequestBodyBytes = 64 * 1024,
        });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _models.Dispose();
    }

    private static string Instances(Action<JsonObject> edit, int index = 1)
    {
        var rows = new JsonArray();
        for (int i = 0; i < 3; i++)
        {
            var row = JsonSerializer.SerializeToNode(CensusLinearBundle.Young)!.AsObject();
            if (i == index) edit(row);
            rows.Add(row);
        }
        return new JsonObject { ["instances"] = rows }.ToJsonString();
    }

    public static TheoryData<string, string, string[]> BadBodies => new()
    {
        { "missing feature", Instances(r => r.Remove("age")), ["instances[1]", "missing feature 'age'"] },
        { "unknown feature", Instances(r => r["salary"] = 3), ["instances[1]", "unknown feature 'salary'"] },
        { "string for a number", Instances(r => r["age"] = "old"), ["instances[1].age", "expected a number"] },
        { "number for a string", Instances(r => r["workclass"] = 4), ["instances[1].workclass", "expected a string"] },
        { "NaN", Instances(r => r["hours_per_week"] = "NaN"), ["instances[1].hours_per_week", "NaN is not allowed"] },
        { "overflowing float", Instances(r => r["capital_gain"] = JsonNode.Parse("1e300")), ["instances[1].capital_gain", "finite"] },
        { "nested too deep", Instances(r => r["age"] = JsonNode.Parse("[[25]]")), ["instances[1].age", "wrong nesting"] },
        { "two-element list", Instances(r => r["age"] = JsonNode.Parse("[25, 26]")), ["instances[1].age", "wrong nesting"] },
        { "boolean", Instances(r => r["age"] = true), ["instances[1].age", "boolean"] },
        { "null for required", Instances(r => r["race"] = null), ["instances[1].race", "null"] },
        { "instance not an object", """{"instances": [1, 2]}""", ["instances[0]", "expected an object"] },
        { "both instances and inputs", """{"instances": [], "inputs": {}}""", ["exactly one"] },
        { "neither", """{"signature_name": "serving_default"}""", ["Missing 'instances' or 'inputs'"] },
        { "empty instances", """{"instances": []}""", ["No instances"] },
        { "malformed json", """{"instances": [{"age": 25,""", ["Malformed JSON"] },
        { "not an object", """[1, 2, 3]""", ["must be a JSON object"] },
        { "unknown key", """{"instancez": []}""", ["Unknown key 'instancez'"] },
        { "unknown signature", Instances(_ => { }).Replace("{\"instances\"", "{\"signature_name\":\"other\",\"instances\""), ["signature name"] },
        { "ragged columns", """{"inputs": {"age": [1, 2], "education_num": [3]}}""", ["inputs.education_num", "has 1 values"] },
    };

    [Theory, MemberData(nameof(BadBodies))]
    public async Task Bad_body_is_400_naming_the_path(string why, string body, string[] expectedFragments)
    {
        var response = await _server.Client.PostAsync("/v1/models/census:predict", TestServer.RawJson(body));
        string error = await TestServer.AssertErrorAsync(response, 400);
        foreach (string fragment in expectedFragments) Assert.True(error.Contains(fragment, StringComparison.Ordinal), $"{why}: '{error}' lacks '{fragment}'");
    }

    [Fact]
    public async Task Too_many_instances_is_413()
    {
        var body = new { instances = Enumerable.Repeat(CensusLinearBundle.Young, 9).ToArray() };
        Assert.Contains("more than 8 instances", await TestServer.AssertErrorAsync(await _server.PostAsync("/v1/models/census:predict", body), 413));
        var ok = await _server.PostAsync("/v1/models/census:predict", new { instances = Enumerable.Repeat(CensusLinearBundle.Young, 8).ToArray() });
        Assert.Equal(200, (int)ok.StatusCode);
    }

    [Fact]
    public async Task Oversized_body_is_413_with_and_without_content_length()
    {
        string huge = "{\"instances\": [" + new string(' ', 70 * 1024) + "]}";
        Assert.Contains("larger than", await TestServer.AssertErrorAsync(await _server.Client.PostAsync("/v1/models/census:predict", TestServer.RawJson(huge)), 413));

        var chunked = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(huge)));
        chunked.Headers.ContentType = new("application/json");
        var request = new HttpRequestMessage(HttpMethod.Post, "/v1/models/census:predict") { Content = chunked };
        request.Headers.TransferEncodingChunked = true;
        await TestServer.AssertErrorAsync(await _server.Client.SendAsync(request), 413);
    }

    [Fact]
    public async Task A_bad_request_does_not_disturb_the_next_good_one()
    {
        await TestServer.AssertErrorAsync(await _server.Client.PostAsync("/v1/models/census:predict", TestServer.RawJson(Instances(r => r.Remove("age")))), 400);
        var ok = await _server.Client.PostAsync("/v1/models/census:predict", TestServer.RawJson(Instances(_ => { })));
        Assert.Equal(200, (int)ok.StatusCode);
        Assert.Equal(3, (await TestServer.ReadJsonAsync(ok)).GetProperty("predictions").GetArrayLength());
    }
}
