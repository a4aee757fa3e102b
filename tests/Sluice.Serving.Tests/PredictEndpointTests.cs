using System.Text.Json;
using Sluice.Serving.Hosting;
using Sluice.Serving.Tests.Support;
using Sluice.TestKit;

namespace Sluice.Serving.Tests;

/// <summary>TF Serving inference, status and metadata against a real server serving a census linear bundle.</summary>
public sealed class PredictEndpointTests : IAsyncLifetime
{
    private readonly TempDirectory _models = new("sluice-models");
    private TestServer _server = null!;

    public async Task InitializeAsync()
    {
        CensusLinearBundle.Write(_models.Combine("census"), 1);
        _server = await TestServer.StartAsync(o => o with { Models = [new ModelSource("census", _models.Combine("census"))] });
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _models.Dispose();
    }

    [Fact]
    public async Task Predict_rows_returns_every_classifier_output_matching_the_weights()
    {
        var response = await _server.PostAsync("/v1/models/census:predict", new { instances = new[] { CensusLinearBundle.Young, CensusLinearBundle.Executive } });
        var body = await TestServer.ReadJsonAsync(response);
        Assert.Equal(200, (int)response.StatusCode);
        var predictions = body.GetProperty("predictions");
        Assert.Equal(2, predictions.GetArrayLength());
        var instances = new[] { CensusLinearBundle.Young, CensusLinearBundle.Executive };
        string[] expectedClasses = ["<=50K", ">50K"];
        for (int i = 0; i < 2; i++)
        {
            var p = predictions[i];
            double logit = CensusLinearBundle.ExpectedLogit(instances[i]);
            double logistic = CensusLinearBundle.Sigmoid(logit);
            AssertClose.Scalar(logit, p.GetProperty("logits")[0].GetDouble(), 1e-5, 1e-5, "logit");
            AssertClose.Scalar(logistic, p.GetProperty("logistic")[0].GetDouble(), 1e-5, 1e-6, "logistic");
            AssertClose.Scalar(1 - logistic, p.GetProperty("probabilities")[0].GetDouble(), 1e-5, 1e-6, "probabilities[0]");
            AssertClose.Scalar(logistic, p.GetProperty("probabilities")[1].GetDouble(), 1e-5, 1e-6, "probabilities[1]");
            Assert.Equal(i, p.GetProperty("class_ids")[0].GetInt32());
            Assert.Equal(expectedClasses[i], p.GetProperty("classes")[0].GetString());
        }
    }

    [Fact]
    public async Task Predict_columns_returns_outputs_by_name()
    {
        var young = CensusLinearBundle.Young;
        var executive = CensusLinearBundle.Executive;
        var inputs = young.Keys.ToDictionary(k => k, k => new[] { young[k], executive[k] });
        var response = await _server.PostAsync("/v1/models/census/versions/1:predict", new { inputs });
        var body = await TestServer.ReadJsonAsync(response);
        Assert.Equal(200, (int)response.StatusCode);
        var outputs = body.GetProperty("outputs");
        AssertClose.Scalar(CensusLinearBundle.ExpectedLogit(executive), outputs.GetProperty("logits")[1][0].GetDouble(), 1e-5, 1e-5);
        Assert.Equal(">50K", outputs.GetProperty("classes")[1][0].GetString());
        Assert.Equal(2, outputs.GetProperty("probabilities").GetArrayLength());
    }

    [Fact]
    public async Task Responses_carry_a_content_length_instead_of_chunked_encoding()
    {
        for (int i = 0; i < 3; i++) // the per-thread response buffer is reused: later responses must not carry earlier bytes
        {
            int rows = i == 1 ? 5 : 1;
            var response = await _server.PostAsync("/v1/models/census:predict", new { instances = Enumerable.Repeat(CensusLinearBundle.Young, rows).ToArray() });
            byte[] bytes = await response.Content.ReadAsByteArrayAsync();
            Assert.Equal(200, (int)response.StatusCode);
            Assert.Equal(bytes.Length, response.Content.Headers.ContentLength);
            Assert.NotEqual(true, response.Headers.TransferEncodingChunked);
            using var json = System.Text.Json.JsonDocument.Parse(bytes);
            Assert.Equal(rows, json.RootElement.GetProperty("predictions").GetArrayLength());
        }
    }

    [Fact]
    public async Task Responses_use_relaxed_escaping_so_class_names_read_as_written()
    {
        var response = await _server.PostAsync("/v1/models/census:predict", new { instances = new[] { CensusLinearBundle.Young } });
        string text = await response.Content.ReadAsStringAsync();
        Assert.Equal(200, (int)response.StatusCode);
        Assert.Contains("\"classes\":[\"<=50K\"]", text);
        Assert.DoesNotContain("\\u003C", text, StringComparison.OrdinalIgnoreCase);

        var classify = await (await _server.PostAsync("/v1/models/census:classify", new { examples = new[] { CensusLinearBundle.Young } })).Content.ReadAsStringAsync();
        Assert.Contains("[\"<=50K\",", classify);
        var metadata = await _server.Client.GetStringAsync("/v1/models/census/metadata");
        Assert.Contains("\"<=50K\"", metadata);
        // Errors echo what the client sent, also unescaped.
        var error = await (await _server.Client.PostAsync("/v1/models/census:predict", TestServer.RawJson("{\"instances\": [{\"<b>\": 1}]}"))).Content.ReadAsStringAsync();
        Assert.Contains("'<b>'", error);
    }

    [Fact]
    public async Task Values_may_be_one_element_lists_and_strings_may_be_base64()
    {
        var instance = CensusLinearBundle.Executive.ToDictionary(p => p.Key, p => (object)new[] { p.Value });
        instance["occupation"] = new { b64 = Convert.ToBase64String("Exec-managerial"u8.ToArray()) };
        instance.Remove("capital_loss"); // optional, defaults to 0
        var response = await _server.PostAsync("/v1/models/census:predict", new { instances = new[] { instance } });
        var body = await TestServer.ReadJsonAsync(response);
        Assert.Equal(200, (int)response.StatusCode);
        AssertClose.Scalar(CensusLinearBundle.ExpectedLogit(CensusLinearBundle.Executive), body.GetProperty("predictions")[0].GetProperty("logits")[0].GetDouble(), 1e-5, 1e-5);
    }

    [Fact]
    public async Task Classify_returns_label_score_pairs_and_regress_the_logistic()
    {
        var classify = await TestServer.ReadJsonAsync(await _server.PostAsync("/v1/models/census:classify",
            new { examples = new[] { CensusLinearBundle.Executive } }));
        var pairs = classify.GetProperty("results")[0];
        double p = CensusLinearBundle.Sigmoid(CensusLinearBundle.ExpectedLogit(CensusLinearBundle.Executive));
        Assert.Equal("<=50K", pairs[0][0].GetString());
        Assert.Equal(">50K", pairs[1][0].GetString());
        AssertClose.Scalar(p, pairs[1][1].GetDouble(), 1e-5, 1e-6);

        var shared = CensusLinearBundle.Young;
        var context = new Dictionary<string, object> { ["age"] = shared["age"], ["hours_per_week"] = shared["hours_per_week"] };
        var example = shared.Where(kv => !context.ContainsKey(kv.Key)).ToDictionary();
        var regress = await TestServer.ReadJsonAsync(await _server.PostAsync("/v1/models/census:regress",
            new { context, examples = new[] { example, example } }));
        Assert.Equal(2, regress.GetProperty("results").GetArrayLength());
        AssertClose.Scalar(CensusLinearBundle.Sigmoid(CensusLinearBundle.ExpectedLogit(shared)), regress.GetProperty("results")[1].GetDouble(), 1e-5, 1e-6);
    }

    [Fact]
    public async Task Status_and_metadata_describe_the_version_and_signature()
    {
        var status = await TestServer.ReadJsonAsync(await _server.Client.GetAsync("/v1/models/census"));
        var entry = status.GetProperty("model_version_status")[0];
        Assert.Equal("1", entry.GetProperty("version").GetString());
        Assert.Equal("AVAILABLE", entry.GetProperty("state").GetString());
        Assert.Equal("OK", entry.GetProperty("status").GetProperty("error_code").GetString());

        var metadata = await TestServer.ReadJsonAsync(await _server.Client.GetAsync("/v1/models/census/versions/1/metadata"));
        Assert.Equal("census", metadata.GetProperty("model_spec").GetProperty("name").GetString());
        var def = metadata.GetProperty("metadata").GetProperty("signature_def").GetProperty("signature_def").GetProperty("serving_default");
        Assert.Equal("DT_FLOAT", def.GetProperty("inputs").GetProperty("age").GetProperty("dtype").GetString());
        Assert.Equal("DT_STRING", def.GetProperty("inputs").GetProperty("occupation").GetProperty("dtype").GetString());
        Assert.Equal("2", def.GetProperty("outputs").GetProperty("probabilities").GetProperty("tensor_shape").GetProperty("dim")[1].GetProperty("size").GetString());
        Assert.Equal(13, def.GetProperty("inputs").EnumerateObject().Count());
    }

    [Fact]
    public async Task Unknown_model_version_and_label_are_404_and_other_paths_400()
    {
        string body = JsonSerializer.Serialize(new { instances = new[] { CensusLinearBundle.Young } });
        Assert.Contains("Latest(nope)", await TestServer.AssertErrorAsync(await _server.Client.PostAsync("/v1/models/nope:predict", TestServer.RawJson(body)), 404));
        Assert.Contains("Specific(census, 7)", await TestServer.AssertErrorAsync(await _server.Client.PostAsync("/v1/models/census/versions/7:predict", TestServer.RawJson(body)), 404));
        Assert.Contains("label", await TestServer.AssertErrorAsync(await _server.Client.PostAsync("/v1/models/census/labels/stable:predict", TestServer.RawJson(body)), 404));
        await TestServer.AssertErrorAsync(await _server.Client.GetAsync("/v1/models/census/versions/7"), 404);
        Assert.StartsWith("Malformed request", await TestServer.AssertErrorAsync(await _server.Client.GetAsync("/v1/models"), 400));
        Assert.Contains(":predict", await TestServer.AssertErrorAsync(await _server.Client.PostAsync("/v1/models/census:guess", TestServer.RawJson(body)), 400));
        await TestServer.AssertErrorAsync(await _server.Client.PostAsync("/v1/models/census/versions/x1:predict", TestServer.RawJson(body)), 400);
    }
}
