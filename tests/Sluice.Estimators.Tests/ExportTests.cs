using System.Text.Json.Nodes;
using Sluice.Data.Columns;
using Sluice.Estimators.Export;
using Sluice.Estimators.Heads;
using Sluice.Estimators.Model;
using Sluice.Estimators.Training;
using Sluice.TestKit;

namespace Sluice.Estimators.Tests;

public sealed class ExportTests : IDisposable
{
    private readonly TempDirectory _dir = new();
    private readonly Estimator _estimator;
    private readonly string _bundle;

    public ExportTests()
    {
        _estimator = Estimator.Create(SyntheticData.Spec(ModelKind.WideDeep), new RunConfig(_dir.Combine("model")));
        _estimator.Train(SyntheticData.Create(400, seed: 1), new TrainOptions(BatchSize: 20, Epochs: 2));
        _bundle = _estimator.Export(metrics: new Dictionary<string, double> { ["accuracy"] = 0.9 });
    }

    public void Dispose() => _dir.Dispose();

    [Fact]
    public void Export_goes_to_a_unix_seconds_folder_with_a_manifest_of_every_file()
    {
        Assert.Equal(_dir.Combine("model", "export", "exporter"), Path.GetDirectoryName(_bundle));
        long seconds = long.Parse(Path.GetFileName(_bundle));
        Assert.InRange(seconds, DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 600, DateTimeOffset.UtcNow.ToUnixTimeSeconds() + 5);
        var manifest = JsonNode.Parse(File.ReadAllText(Path.Combine(_bundle, "manifest.json")))!["files"]!.AsObject();
        Assert.Equal(["metadata.json", "model.json", "signature.json", "variables.bin", "warmup.json"], manifest.Select(kv => kv.Key).Order());
        Assert.Empty(Directory.GetDirectories(Path.GetDirectoryName(_bundle)!, ".tmp-*"));
    }

    [Fact]
    public void A_loaded_bundle_predicts_exactly_what_the_trained_model_predicts()
    {
        var model = ExportedModel.Load(_bundle);
        var data = SyntheticData.Create(50, seed: 8);
        var live = _estimator.CreatePredictor(64).Predict(data);
        var liveLogits = Enumerable.Range(0, live.Count).Select(r => live.Logits(r)[0]).ToArray();
        var loaded = model.CreatePredictor(64).Predict(data);
        Assert.Equal(50, loaded.Count);
        for (int r = 0; r < loaded.Count; r++)
        {
            Assert.Equal(liveLogits[r], loaded.Logits(r)[0]);
            Assert.Equal(1f / (1f + MathF.Exp(-liveLogits[r])), loaded.Logistic(r), 6);
            Assert.Equal(loaded.Logistic(r) > 0.5f ? "yes" : "no", loaded.ClassLabel(r));
            Assert.Equal(1f, loaded.Probabilities(r)[0] + loaded.Probabilities(r)[1], 6);
        }
        Assert.Equal(HeadKind.BinaryClassification, model.Signature.Head);
        Assert.Equal(["no", "yes"], model.Signature.ClassLabels);
        Assert.Equal(["color", "shape", "x"], model.Signature.Inputs.Select(i => i.Name));
        Assert.True(model.Signature.Inputs.Single(i => i.Name == "x").Required);
        Assert.False(model.Signature.Inputs.Single(i => i.Name == "color").Required);
        Assert.Equal(0.9, model.Metadata.Metrics["accuracy"]);
        Assert.Equal(40, model.Metadata.GlobalStep);
        Assert.Equal(3, model.WarmupInstances.Count);
        Assert.Contains(model.Graph, line => line.StartsWith("logits = linear_logits + dnn_logits"));
    }

    [Fact]
    public void Json_instances_fill_a_predictor_batch_and_missing_required_inputs_are_named()
    {
        var model = ExportedModel.Load(_bundle);
        var predictor = model.CreatePredictor(4);
        var batch = predictor.CreateInputBatch();
        InstanceReader.Fill(batch, [new JsonObject { ["x"] = 0.9, ["color"] = "red", ["shape"] = new JsonArray("tall") }, new JsonObject { ["x"] = -0.9, ["color"] = "blue" }], model.Signature);
        var output = predictor.Predict(batch);
        Assert.Equal("yes", output.ClassLabel(0));
        Assert.Equal("no", output.ClassLabel(1));
        var e = Assert.Throws<ArgumentException>(() => InstanceReader.Fill(batch, [new JsonObject { ["color"] = "red" }], model.Signature));
        Assert.Contains("instances[0].x", e.Message);
        InstanceReader.Fill(batch, [new JsonObject { ["x"] = 0.9, ["color"] = "red", ["unused"] = "ignored" }], model.Signature);
        Assert.Equal("yes", predictor.Predict(batch).ClassLabel(0));
        var notNumber = Assert.Throws<ArgumentException>(() => InstanceReader.Fill(batch, [new JsonObject { ["x"] = "high" }], model.Signature));
        Assert.Contains("instances[0].x", notNumber.Message);
    }

    [Fact]
    public void The_signature_lists_every_non_label_schema_column_and_unused_ones_are_optional_and_ignored()
    {
        var data = SyntheticData.Create(200, seed: 4);
        var note = new StringColumn("note", 200);
        var weight = new FloatColumn("importance", 200);
        for (int r = 0; r < 200; r++)
        {
            note.Append(r % 2 == 0 ? "even" : "odd");
            weight.Values[r] = 1f;
        }
        var spec = SyntheticData.Spec(ModelKind.Linear);
        spec = spec with { Head = spec.Head with { WeightKey = "importance" } };
        var estimator = Estimator.Create(spec, new RunConfig(_dir.Combine("schema-model")));
        estimator.Train(new ColumnBatch([.. data.Columns, note, weight]) { RowCount = 200 }, new TrainOptions(BatchSize: 20, Epochs: 1));
        var model = ExportedModel.Load(estimator.Export());

        Assert.Equal(["color", "shape", "x", "note"], model.Signature.Inputs.Select(i => i.Name));
        var noteInput = model.Signature.Inputs.Single(i => i.Name == "note");
        Assert.False(noteInput.Required);
        Assert.Equal(ColumnKind.String, noteInput.Kind);
        Assert.True(model.Signature.Inputs.Single(i => i.Name == "x").Required);

        var predictor = model.CreatePredictor(2);
        var batch = predictor.CreateInputBatch();
        InstanceReader.Fill(batch, [new JsonObject { ["x"] = 0.9, ["color"] = "red", ["note"] = "even" }, new JsonObject { ["x"] = 0.9, ["color"] = "red", ["note"] = "something else" }], model.Signature);
        var output = predictor.Predict(batch);
        Assert.Equal(output.Logits(0)[0], output.Logits(1)[0]);
        Assert.Equal("yes", output.ClassLabel(0));
    }

    [Fact]
    public void Prediction_allocates_nothing_after_warm_up()
    {
        var predictor = ExportedModel.Load(_bundle).CreatePredictor(8);
        var data = SyntheticData.Create(8, seed: 3);
        predictor.Predict(data);
        Assert.Equal(0, Allocations.PerWindowAfterWarmUp(() => predictor.Predict(data), repeats: 100));
    }

    [Theory]
    [InlineData("variables.bin")]
    [InlineData("model.json")]
    [InlineData("signature.json")]
    public void A_tampered_file_is_rejected_naming_it(string file)
    {
        string copy = CopyBundle();
        string path = Path.Combine(copy, file);
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x01;
        File.WriteAllBytes(path, bytes);
        var e = Assert.Throws<ExportBundleException>(() => ExportedModel.Load(copy));
        Assert.Equal(file, e.FileName);
        Assert.Contains("SHA-256", e.Message);
    }

    [Fact]
    public void Partial_or_extended_bundles_are_rejected()
    {
        string noManifest = CopyBundle();
        File.Delete(Path.Combine(noManifest, "manifest.json"));
        Assert.Equal("manifest.json", Assert.Throws<ExportBundleException>(() => ExportedModel.Load(noManifest)).FileName);

        string missing = CopyBundle();
        File.Delete(Path.Combine(missing, "variables.bin"));
        var e = Assert.Throws<ExportBundleException>(() => ExportedModel.Load(missing));
        Assert.Equal("variables.bin", e.FileName);
        Assert.Contains("partial", e.Message);

        string extra = CopyBundle();
        File.WriteAllText(Path.Combine(extra, "evil.json"), "{}");
        Assert.Equal("evil.json", Assert.Throws<ExportBundleException>(() => ExportedModel.Load(extra)).FileName);

        string truncated = CopyBundle();
        var bytes = File.ReadAllBytes(Path.Combine(truncated, "variables.bin"));
        File.WriteAllBytes(Path.Combine(truncated, "variables.bin"), bytes[..^10]);
        Assert.Equal("variables.bin", Assert.Throws<ExportBundleException>(() => ExportedModel.Load(truncated)).FileName);
    }

    private string CopyBundle()
    {
        string target = _dir.Combine("copies", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(target);
        foreach (string file in Directory.GetFiles(_bundle)) File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        return target;
    }
}
