using System.CommandLine;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Cli.Serving;
using Sluice.Data;
using Sluice.Estimators.Export;
using Sluice.Estimators.FeatureColumns;
using Sluice.Estimators.Heads;
using Sluice.Serving.Client;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice predict</c>: one command, two sources, the same output. <c>--model-dir</c> predicts locally from an export
/// bundle (like <c>gcloud ml-engine local predict</c>); <c>--model</c> asks a running server (<c>--url</c>,
/// <c>--version</c>/<c>--label</c>, key from <c>--api-key</c> or <c>$SLUICE_API_KEY</c>). Both print the TF prediction
/// keys per instance as a table or as <c>{"predictions": [...]}</c>.
/// </summary>
internal static class PredictCommand
{
    private const int LocalChunk = 256;

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static Command Create()
    {
        var modelDir = new Option<DirectoryInfo?>("--model-dir") { Description = "Predict locally: an export bundle (<...>/<unix-seconds>), an exporter folder or a model dir (its newest export is used)." };
        var model = new Option<string?>("--model") { Description = "Predict on a running server: the model name." };
        var version = new Option<string?>("--version") { Description = "With --model: the version (default: the model's default version)." };
        var label = new Option<string?>("--label") { Description = "With --model: a label instead of a version (stable, canary...)." };
        var instances = new Option<FileInfo>("--json-instances") { Description = "Instances: JSON Lines (one object per line), a JSON array, or {\"instances\": [...]}.", Required = true };
        var url = ServingCliOptions.Url();
        var key = ServingCliOptions.ApiKey();
        var format = ServingCliOptions.Format();
        var command = new Command("predict", "Predict with an exported model, locally (--model-dir) or on a running server (--model); same table or JSON either way.")
        {
            modelDir, model, version, label, instances, url, key, format,
        };
        command.SetAction((parse, cancellation) => ServingCliOptions.RunAsync(async () =>
        {
            var dir = parse.GetValue(modelDir);
            string? name = parse.GetValue(model);
            if ((dir is null) == (name is null)) return ServingCliOptions.Fail("give exactly one of --model-dir (a local export) or --model (a model on a running server).");
            if (dir is not null && (parse.GetValue(version) is not null || parse.GetValue(label) is not null))
                return ServingCliOptions.Fail("--version and --label go with --model (a server); --model-dir is one export bundle.");
            if (parse.GetValue(version) is not null && parse.GetValue(label) is not null) return ServingCliOptions.Fail("give --version or --label, not both.");
            var file = parse.GetValue(instances)!;
            if (!file.Exists) return ServingCliOptions.Fail($"instances file '{file.FullName}' does not exist.");

            List<JsonObject> rows;
            try
            {
                var parsed = InstanceReader.Parse(await File.ReadAllTextAsync(file.FullName, cancellation), file.FullName);
                if (parsed.Count == 0) return ServingCliOptions.Fail($"'{file.FullName}' has no instances.");
                if (dir is not null)
                {
                    if (!dir.Exists) return ServingCliOptions.Fail($"model dir '{dir.FullName}' does not exist.");
                    rows = PredictLocally(dir.FullName, parsed);
                }
                else
                {
                    using var client = ServingCliOptions.Client(parse, url, key);
                    rows = await PredictRemotelyAsync(client, name!, parsed, parse.GetValue(version), parse.GetValue(label), cancellation);
                }
            }
            catch (Exception e) when (e is ArgumentException or FeatureColumnException or ExportBundleException or DataFormatException
                                       or FileNotFoundException or InvalidDataException or JsonException)
            {
                return ServingCliOptions.Fail(e.Message);
            }

            if (parse.GetValue(format) == "json") Console.WriteLine(new JsonObject { ["predictions"] = new JsonArray([.. rows]) }.ToJsonString(Indented));
            else TrainCommands.WritePredictionTable(rows, HeadOf(rows));
            return 0;
        }));
        return command;
    }

    /// <summary>Predicts in process with the bundle's own predictor, <see cref="LocalChunk"/> instances at a time.</summary>
    private static List<JsonObject> PredictLocally(string directory, List<JsonObject> instances)
    {
        var model = ExportedModel.Load(FindBundle(directory));
        var predictor = model.CreatePredictor(LocalChunk);
        var input = predictor.CreateInputBatch();
        var rows = new List<JsonObject>(instances.Count);
        for (int start = 0; start < instances.Count; start += LocalChunk)
        {
            var slice = instances.GetRange(start, Math.Min(LocalChunk, instances.Count - start));
            try { InstanceReader.Fill(input, slice, model.Signature); }
            catch (ArgumentException e) when (start > 0) { throw new ArgumentException($"(instances from {start}) {e.Message}", e); }
            var output = predictor.Predict(input);
            for (int r = 0; r < output.Count; r++) rows.Add(TrainCommands.PredictionJson(output, r));
        }
        return rows;
    }

    /// <summary>
    /// The server's <c>predictions</c>, one object per instance. A regressor's rows come back as bare lists (TF
    /// Serving's shape); they are keyed <c>predictions</c> here, as the local predictor keys them.
    /// </summary>
    private static async Task<List<JsonObject>> PredictRemotelyAsync(ServingClient client, string model, List<JsonObject> instances,
        string? version, string? label, CancellationToken cancellation)
    {
        var elements = new List<JsonElement>(instances.Count);
        foreach (var instance in instances) elements.Add(JsonSerializer.SerializeToElement(instance));
        using var response = await client.PredictAsync(model, elements, version, label, cancellation);
        if (!response.RootElement.TryGetProperty("predictions", out var predictions) || predictions.ValueKind != JsonValueKind.Array)
            throw new InvalidDataException("The server's answer has no 'predictions' list.");
        var rows = new List<JsonObject>(predictions.GetArrayLength());
        foreach (var prediction in predictions.EnumerateArray())
        {
            rows.Add(prediction.ValueKind == JsonValueKind.Object
                ? JsonObject.Create(prediction.Clone())!
                : new JsonObject { [PredictionKeys.Predictions] = JsonNode.Parse(prediction.GetRawText()) });
        }
        return rows;
    }

    /// <summary>The head, read off the keys a prediction carries (the table's columns depend on it).</summary>
    private static HeadKind HeadOf(List<JsonObject> rows)
    {
        if (rows.Count == 0 || rows[0].ContainsKey(PredictionKeys.Predictions)) return HeadKind.Regression;
        return rows[0].ContainsKey(PredictionKeys.Logistic) ? HeadKind.BinaryClassification : HeadKind.MultiClassClassification;
    }

    /// <summary>The bundle to load: the directory itself, or the newest <c>&lt;unix-seconds&gt;</c> bundle below it.</summary>
    private static string FindBundle(string directory)
    {
        if (File.Exists(Path.Combine(directory, "manifest.json"))) return directory;
        string? newest = null;
        long newestNumber = -1;
        foreach (string manifest in Directory.EnumerateFiles(directory, "manifest.json", SearchOption.AllDirectories))
        {
            string bundle = Path.GetDirectoryName(manifest)!;
            if (long.TryParse(Path.GetFileName(bundle), NumberStyles.None, CultureInfo.InvariantCulture, out long number) && number > newestNumber)
            {
                newest = bundle;
                newestNumber = number;
            }
        }
        return newest ?? throw new FileNotFoundException($"'{directory}' holds no export bundle (no <unix-seconds>/manifest.json below it).");
    }
}
