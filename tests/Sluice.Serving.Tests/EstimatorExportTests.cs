using System.Text;
using Sluice.Data.Columns;
using Sluice.Estimators.Export;
using Sluice.Serving.Hosting;
using Sluice.Serving.Tests.Support;
using Sluice.TestKit;

namespace Sluice.Serving.Tests;

/// <summary>
/// The server on real census wide &amp; deep export bundles: answers equal the estimators' own in-process predictor
/// on the same bundle; metadata reflects the export signature; versions created from an export become READY.
/// </summary>
public sealed class EstimatorExportTests(CensusExportFixture exports) : IClassFixture<CensusExportFixture>
{
    private static readonly Dictionary<string, object>[] FullInstances = [CensusLinearBundle.Young, CensusLinearBundle.Executive];

    /// <summary>The two census instances restricted to the features the export's signature reads.</summary>
    private Dictionary<string, object>[] Instances
    {
        get
        {
            var names = ExportedModel.Load(exports.SecondExport).Signature.Inputs.Select(i => i.Name).ToHashSet();
            return [.. FullInstances.Select(i => i.Where(kv => names.Contains(kv.Key)).ToDictionary())];
        }
    }

    /// <summary>The reference: the bundle's own predictor on a batch filled by hand.</summary>
    private static (float[] Logits, string[] Classes) PredictInProcess(string bundle)
    {
        var predictor = ExportedModel.Load(bundle).CreatePredictor(FullInstances.Length);
        var batch = predictor.CreateInputBatch();
        foreach (var column in batch.Columns)
        {
            for (int r = 0; r < FullInstances.Length; r++)
            {
                if (!FullInstances[r].TryGetValue(column.Name, out object? value))
                {
                    // An optional input the instance does not give (the export lists every schema column, e.g.
                    // fnlwgt): flagged missing, as the server's request parser does.
                    if (column is StringColumn absent) absent.Append(ReadOnlySpan<byte>.Empty);
                    column.Missing[r] = true;
                    continue;
                }
                switch (column)
                {
                    case FloatColumn f: f.Values[r] = Convert.ToSingle(value, System.Globalization.CultureInfo.InvariantCulture); break;
                    case Int64Column l: l.Values[r] = Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture); break;
                    case StringColumn s: s.Append(Encoding.UTF8.GetBytes((string)value)); break;
                }
            }
        }
        batch.RowCount = FullInstances.Length;
        var output = predictor.Predict(batch);
        return ([.. Enumerable.Range(0, FullInstances.Length).Select(r => output.Logits(r)[0])],
                [.. Enumerable.Range(0, FullInstances.Length).Select(output.ClassLabel)]);
    }

    [Fact]
    public async Task Served_predictions_equal_the_bundles_own_predictor()
    {
        using var models = new TempDirectory("sluice-models");
        string basePath = models.Combine("census");
        Directory.CreateDirectory(basePath);
        CopyDirectory(exports.SecondExport, Path.Combine(basePath, Path.GetFileName(exports.SecondExport)));
        await using var server = await TestServer.StartAsync(o => o with { Models = [new ModelSource("census", basePath)] });

        var response = await server.PostAsync("/v1/models/census:predict", new { instances = Instances });
        var body = await TestServer.ReadJsonAsync(response);
        Assert.True(response.IsSuccessStatusCode, body.ToString());
        var (logits, classes) = PredictInProcess(exports.SecondExport);
        for (int r = 0; r < Instances.Length; r++)
        {
            var p = body.GetProperty("predictions")[r];
            AssertClose.Scalar(logits[r], p.GetProperty("logits")[0].GetDouble(), 1e-6, 1e-6, $"logit of instance {r}");
            AssertClose.Scalar(1 / (1 + Math.Exp(-logits[r])), p.GetProperty("logistic")[0].GetDouble(), 1e-5, 1e-6);
            Assert.Equal(classes[r], p.GetProperty("classes")[0].GetString());
            Assert.Equal(2, p.GetProperty("probabilities").GetArrayLength());
            // The export's signature lists all_class_ids / all_classes, so the server emits them as the local predictor does.
            Assert.Equal([0, 1], p.GetProperty("all_class_ids").EnumerateArray().Select(e => e.GetInt32()));
            Assert.Equal(["<=50K", ">50K"], p.GetProperty("all_classes").EnumerateArray().Select(e => e.GetString()));
        }

        var metadata = await TestServer.ReadJsonAsync(await server.Client.GetAsync("/v1/models/census/metadata"));
        var inputs = metadata.GetProperty("metadata").GetProperty("signature_def").GetProperty("signature_def").GetProperty("serving_default").GetProperty("inputs");
        var signature = ExportedModel.Load(exports.SecondExport).Signature;
        Assert.Equal(signature.Inputs.Count, inputs.EnumerateObject().Count());
        Assert.All(signature.Inputs, i => Assert.True(inputs.TryGetProperty(i.Name, out _), i.Name));
    }

    [Fact]
    public async Task Export_versions_created_through_management_become_ready_and_differ()
    {
        await using var server = await TestServer.StartAsync();
        const string models = "/v1/projects/local/models";
        await server.PostAsync(models, new { name = "census" });
        foreach (string export in new[] { exports.FirstExport, exports.SecondExport })
            await server.PostAsync($"{models}/census/versions", new { deploymentUri = export });
        await server.Host.WaitForLoadsAsync();
        var versions = await TestServer.ReadJsonAsync(await server.Client.GetAsync($"{models}/census/versions"));
        Assert.All(versions.GetProperty("versions").EnumerateArray(), v => Assert.Equal("READY", v.GetProperty("state").GetString()));

        string first = Path.GetFileName(exports.FirstExport), second = Path.GetFileName(exports.SecondExport);
        var a = await TestServer.ReadJsonAsync(await server.PostAsync($"/v1/models/census/versions/{first}:predict", new { instances = Instances }));
        var b = await TestServer.ReadJsonAsync(await server.PostAsync($"/v1/models/census/versions/{second}:predict", new { instances = Instances }));
        AssertClose.Scalar(PredictInProcess(exports.FirstExport).Logits[1], a.GetProperty("predictions")[1].GetProperty("logits")[0].GetDouble(), 1e-6, 1e-6);
        AssertClose.Scalar(PredictInProcess(exports.SecondExport).Logits[1], b.GetProperty("predictions")[1].GetProperty("logits")[0].GetDouble(), 1e-6, 1e-6);
        Assert.NotEqual(a.GetProperty("predictions")[1].GetProperty("logits")[0].GetDouble(), b.GetProperty("predictions")[1].GetProperty("logits")[0].GetDouble());
    }

    [Fact]
    public async Task A_tampered_export_fails_with_the_file_named()
    {
        using var copy = new TempDirectory("sluice-tampered");
        string bundle = copy.Combine("1");
        CopyDirectory(exports.FirstExport, bundle);
        File.AppendAllText(Path.Combine(bundle, "signature.json"), " ");
        await using var server = await TestServer.StartAsync();
        const string models = "/v1/projects/local/models";
        await server.PostAsync(models, new { name = "census" });
        await server.PostAsync($"{models}/census/versions", new { deploymentUri = bundle });
        await server.Host.WaitForLoadsAsync();
        var version = await TestServer.ReadJsonAsync(await server.Client.GetAsync($"{models}/census/versions/1"));
        Assert.Equal("FAILED", version.GetProperty("state").GetString());
        Assert.Contains("signature.json", version.GetProperty("errorMessage").GetString());
    }

    [Fact]
    public async Task Missing_feature_is_400_before_reaching_the_model()
    {
        await using var server = await TestServer.StartAsync();
        const string models = "/v1/projects/local/models";
        await server.PostAsync(models, new { name = "census" });
        await server.PostAsync($"{models}/census/versions", new { deploymentUri = exports.SecondExport });
        await server.Host.WaitForLoadsAsync();
        var signature = ExportedModel.Load(exports.SecondExport).Signature;
        var required = signature.Inputs.First(i => i.Required);
        var instance = Instances[0].Where(kv => kv.Key != required.Name).ToDictionary();
        string error = await TestServer.AssertErrorAsync(await server.PostAsync("/v1/models/census:predict", new { instances = new[] { Instances[0], instance } }), 400);
        Assert.Contains($"instances[1]: missing feature '{required.Name}'", error);
    }

    [Fact]
    public async Task With_ignore_unknown_features_the_full_census_instances_are_accepted()
    {
        await using var server = await TestServer.StartAsync(o => o with { IgnoreUnknownFeatures = true });
        const string models = "/v1/projects/local/models";
        await server.PostAsync(models, new { name = "census" });
        await server.PostAsync($"{models}/census/versions", new { deploymentUri = exports.SecondExport });
        await server.Host.WaitForLoadsAsync();
        var body = await TestServer.ReadJsonAsync(await server.PostAsync("/v1/models/census:predict", new { instances = FullInstances }));
        var (logits, _) = PredictInProcess(exports.SecondExport);
        AssertClose.Scalar(logits[0], body.GetProperty("predictions")[0].GetProperty("logits")[0].GetDouble(), 1e-6, 1e-6);
    }

    [Fact]
    public async Task A_newer_export_copied_into_the_base_path_swaps_in_under_load_with_zero_failed_requests()
    {
        using var models = new TempDirectory("sluice-models");
        string basePath = models.Combine("census");
        Directory.CreateDirectory(basePath);
        CopyDirectory(exports.FirstExport, Path.Combine(basePath, "1"));
        await using var server = await TestServer.StartAsync(o => o with { Models = [new ModelSource("census", basePath)] });
        double v1 = PredictInProcess(exports.FirstExport).Logits[0], v2 = PredictInProcess(exports.SecondExport).Logits[0];
        string body = System.Text.Json.JsonSerializer.Serialize(new { instances = new[] { Instances[0] } });

        var traffic = VersionSwapTraffic.Start(server.Client, "/v1/models/census:predict", body, v1, v2, tolerance: 1e-5);
        await TestServer.EventuallyAsync(() => Task.FromResult(traffic.Ok > 20), "traffic on version 1");
        // Copied file by file (not renamed into place): the poller may see it half-copied, fail it and retry.
        CopyDirectory(exports.SecondExport, Path.Combine(basePath, "2"));
        await TestServer.EventuallyAsync(() => Task.FromResult(traffic.SawNew > 20), "traffic on version 2");
        await traffic.StopAsync();
        Assert.Empty(traffic.Failures);
        var status = await TestServer.ReadJsonAsync(await server.Client.GetAsync("/v1/models/census/versions/2"));
        Assert.Equal("AVAILABLE", status.GetProperty("model_version_status")[0].GetProperty("state").GetString());
    }

    internal static void CopyDirectory(string from, string to)
    {
        Directory.CreateDirectory(to);
        foreach (string file in Directory.GetFiles(from)) File.Copy(file, Path.Combine(to, Path.GetFileName(file)));
    }
}
