using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Data;
using Sluice.Data.Schema;
using Sluice.Estimators.Config;
using Sluice.Estimators.Export;
using Sluice.Estimators.FeatureColumns;
using Sluice.Estimators.Heads;
using Sluice.Estimators.Serialization;
using Sluice.Estimators.Training;
using Spectre.Console;

namespace Sluice.Cli.Commands;

/// <summary>
/// Local model commands: <c>sluice train</c> (from a YAML config), <c>sluice evaluate</c> and <c>sluice export</c>.
/// <c>sluice predict</c> (local or remote) is <see cref="PredictCommand"/>; it shares the prediction JSON and table here.
/// </summary>
internal static class TrainCommands
{
    public static IEnumerable<Command> Create() => [CreateTrain(), CreateEvaluate(), CreateExport()];

    private static Command CreateTrain()
    {
        var config = new Option<FileInfo>("--config") { Description = "Training config (YAML): data, features, model, training, evaluation, runConfig.", Required = true };
        var modelDir = new Option<DirectoryInfo?>("--model-dir") { Description = "Model dir for checkpoints, events and exports (default: runConfig.modelDir of the config). Training resumes from its latest checkpoint." };
        var epochs = new Option<int?>("--epochs") { Description = "Train until this many epochs in total (overrides the config)." };
        var maxSteps = new Option<long?>("--max-steps") { Description = "Train until this global step (overrides the config)." };
        var format = FormatOption();
        var command = new Command("train", "Train a linear, DNN or wide & deep model from a YAML config; evaluates and exports as the config says.") { config, modelDir, epochs, maxSteps, format };
        command.SetAction(parse => Run(() =>
        {
            if (parse.GetValue(epochs) is not null && parse.GetValue(maxSteps) is not null) return Fail("give --epochs or --max-steps, not both.");
            var file = parse.GetValue(config)!;
            if (!file.Exists) return Fail($"config file '{file.FullName}' does not exist.");
            bool json = parse.GetValue(format) == "json";
            var reporter = new ProgressReporter(quiet: json);
            var result = ConfiguredTraining.Train(file.FullName, parse.GetValue(modelDir)?.FullName, parse.GetValue(epochs), parse.GetValue(maxSteps), reporter);
            reporter.Done();
            if (json)
            {
                var o = new JsonObject
                {
                    ["modelDir"] = result.ModelDirectory,
                    ["globalStep"] = result.Training.GlobalStep,
                    ["examplesPerSecond"] = result.Training.ExamplesPerSecond,
                    ["metrics"] = result.Evaluation is null ? null : MetricsJson(result.Evaluation),
                    ["exports"] = new JsonArray([.. result.Exports.Select(e => (JsonNode)JsonValue.Create(e)!)]),
                    ["stoppedEarly"] = result.StoppedEarly,
                };
                Console.WriteLine(o.ToJsonString(Indented));
                return 0;
            }
            Console.WriteLine($"Trained to global step {result.Training.GlobalStep} in {result.ModelDirectory} ({result.Training.ExamplesPerSecond:N0} examples/s).");
            if (result.StopReason is { } reason) Console.WriteLine($"Stopped early: {reason}.");
            if (result.Evaluation is { } evaluation) WriteMetricsTable(evaluation);
            foreach (string export in result.Exports) Console.WriteLine($"Exported: {export}");
            return 0;
        }));
        return command;
    }

    private static Command CreateEvaluate()
    {
        var modelDir = new Option<DirectoryInfo>("--model-dir") { Description = "A model dir written by `sluice train`.", Required = true };
        var data = new Option<FileInfo?>("--data") { Description = "Data file to evaluate on (default: the eval file of the training config), read with the training schema." };
        var format = FormatOption();
        var command = new Command("evaluate", "Evaluate the latest checkpoint; prints TF's metrics (accuracy, auc, loss, ...) and writes them as events under eval/.") { modelDir, data, format };
        command.SetAction(parse => Run(() =>
        {
            var dir = parse.GetValue(modelDir)!;
            if (!dir.Exists) return Fail($"model dir '{dir.FullName}' does not exist.");
            var file = parse.GetValue(data);
            if (file is { Exists: false }) return Fail($"data file '{file.FullName}' does not exist.");
            var result = ConfiguredTraining.Evaluate(dir.FullName, file?.FullName);
            if (parse.GetValue(format) == "json") Console.WriteLine(MetricsJson(result).ToJsonString(Indented));
            else WriteMetricsTable(result);
            return 0;
        }));
        return command;
    }

    private static Command CreateExport()
    {
        var modelDir = new Option<DirectoryInfo>("--model-dir") { Description = "A model dir written by `sluice train`.", Required = true };
        var exportDir = new Option<DirectoryInfo?>("--export-dir") { Description = "Base directory for the bundle (default: <model-dir>/export); the bundle goes to <base>/<name>/<unix-seconds>." };
        var name = new Option<string>("--name") { Description = "Exporter name (the folder under the base).", DefaultValueFactory = _ => "exporter" };
        var command = new Command("export", "Export the latest checkpoint as a verified bundle for serving; prints the bundle path.") { modelDir, exportDir, name };
        command.SetAction(parse => Run(() =>
        {
            var dir = parse.GetValue(modelDir)!;
            if (!dir.Exists) return Fail($"model dir '{dir.FullName}' does not exist.");
            Console.WriteLine(ConfiguredTraining.Export(dir.FullName, parse.GetValue(exportDir)?.FullName, parse.GetValue(name)!));
            return 0;
        }));
        return command;
    }

    internal static JsonObject PredictionJson(PredictionBatch output, int row)
    {
        var o = new JsonObject();
        if (output.Head == HeadKind.Regression)
        {
            o[PredictionKeys.Predictions] = Floats(output.Predictions(row));
            return o;
        }
        o[PredictionKeys.Logits] = Floats(output.Logits(row));
        if (output.Head == HeadKind.BinaryClassification) o[PredictionKeys.Logistic] = new JsonArray(output.Logistic(row));
        o[PredictionKeys.Probabilities] = Floats(output.Probabilities(row));
        o[PredictionKeys.ClassIds] = new JsonArray(output.ClassId(row));
        o[PredictionKeys.Classes] = new JsonArray(output.ClassLabel(row));
        o[PredictionKeys.AllClassIds] = new JsonArray([.. Enumerable.Range(0, output.ProbabilityCount).Select(i => (JsonNode)i)]);
        o[PredictionKeys.AllClasses] = new JsonArray([.. output.AllClasses!.Select(c => (JsonNode)JsonValue.Create(c)!)]);
        return o;
    }

    private static JsonArray Floats(ReadOnlySpan<float> values)
    {
        var a = new JsonArray();
        foreach (float v in values) a.Add(v);
        return a;
    }

    internal static void WritePredictionTable(List<JsonObject> rows, HeadKind head)
    {
        string[] columns = head == HeadKind.Regression
            ? [PredictionKeys.Predictions]
            : head == HeadKind.BinaryClassification
                ? [PredictionKeys.Classes, PredictionKeys.Logistic, PredictionKeys.Logits, PredictionKeys.Probabilities]
                : [PredictionKeys.Classes, PredictionKeys.Logits, PredictionKeys.Probabilities];
        var cells = rows.Select(r => columns.Select(c => Cell(r[c])).ToArray()).ToList();
        var widths = columns.Select((c, i) => Math.Max(c.Length, cells.Count == 0 ? 0 : cells.Max(row => row[i].Length))).ToArray();
        Console.WriteLine(string.Join("  ", columns.Select((c, i) => c.ToUpperInvariant().PadRight(widths[i]))).TrimEnd());
        foreach (var row in cells) Console.WriteLine(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
    }

    private static string Cell(JsonNode? node) => node switch
    {
        JsonArray { Count: 1 } a when a[0] is JsonValue v && v.GetValueKind() == JsonValueKind.String => v.GetValue<string>(),
        JsonArray a => "[" + string.Join(", ", a.Select(x => x is JsonValue v && v.GetValueKind() == JsonValueKind.Number ? double.Parse(v.ToJsonString(), CultureInfo.InvariantCulture).ToString("G6", CultureInfo.InvariantCulture) : x?.ToJsonString())) + "]",
        _ => node?.ToJsonString() ?? "",
    };

    private static JsonObject MetricsJson(EvaluationResult result)
        => new(result.Metrics.Select(m => KeyValuePair.Create(m.Key, (JsonNode?)(double.IsFinite(m.Value) ? JsonValue.Create(m.Value) : JsonValue.Create(m.Value.ToString(CultureInfo.InvariantCulture))))));

    internal static void WriteMetricsTable(EvaluationResult result)
    {
        var table = new Table().AddColumn("metric").AddColumn(new TableColumn("value").RightAligned());
        foreach (var (key, value) in result.Metrics)
            table.AddRow(Markup.Escape(key), key == MetricKeys.GlobalStep ? value.ToString("F0", CultureInfo.InvariantCulture) : value.ToString("F6", CultureInfo.InvariantCulture));
        AnsiConsole.Write(table);
    }

    private static Option<string> FormatOption()
    {
        var format = new Option<string>("--format") { Description = "Output: table or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong("table", "json");
        return format;
    }

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static int Run(Func<int> action)
    {
        try
        {
            return action();
        }
        catch (Exception e) when (e is SpecFormatException or FeatureColumnException or ExportBundleException or DataFormatException or DataSchemaException
                                   or FileNotFoundException or ArgumentException or InvalidDataException or InvalidOperationException or IOException)
        {
            return Fail(e.Message);
        }
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return 1;
    }

    /// <summary>Training progress on stderr: one line per log step (the model dir's events carry the same numbers).</summary>
    private sealed class ProgressReporter(bool quiet) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress p)
        {
            if (quiet) return;
            double fraction = p.MaxSteps > 0 ? (double)p.GlobalStep / p.MaxSteps : 1;
            int filled = (int)Math.Round(fraction * 24);
            Console.Error.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"[{new string('#', filled)}{new string('.', 24 - filled)}] step {p.GlobalStep}/{p.MaxSteps} epoch {p.Epoch}  loss={p.Loss:F4}  average_loss={p.AverageLoss:F4}  global_step/sec={p.StepsPerSecond:F1}  examples/sec={p.ExamplesPerSecond:F0}"));
        }

        public void Done() { }
    }
}
