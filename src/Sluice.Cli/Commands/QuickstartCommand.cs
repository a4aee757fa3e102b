using System.CommandLine;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Estimators.Config;
using Sluice.Estimators.Heads;
using Sluice.Estimators.Training;
using Sluice.Serving.Auth;
using Sluice.Serving.Client;
using Sluice.Serving.Hosting;
using Sluice.Serving.State;
using Spectre.Console;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice quickstart</c>: the project's main job in one command. Trains the census wide &amp; deep model on the
/// bundled data, prints the evaluation, exports the model, starts the model server with an API key, sends the two
/// sample instances over REST and prints the predictions, then shows how to call the server by hand.
/// </summary>
internal static class QuickstartCommand
{
    private const string ModelName = "census";

    public static Command Create()
    {
        var workDir = new Option<DirectoryInfo>("--work-dir")
        {
            Description = "Where the model dir, the export and the server state go.",
            DefaultValueFactory = _ => new DirectoryInfo(Path.Combine("out", "quickstart")),
        };
        var config = new Option<FileInfo?>("--config") { Description = "Training config (default: samples/census/wide_deep.yaml of this repository)." };
        var epochs = new Option<int?>("--epochs") { Description = "Epochs to train (default: the config's, 40)." };
        var port = new Option<int>("--port") { Description = "Port for the model server.", DefaultValueFactory = _ => 8501 };
        var keepServing = new Option<bool?>("--keep-serving")
        {
            Description = "Keep the server running after the demo until Ctrl+C (default: yes on an interactive terminal, no otherwise).",
        };
        var command = new Command("quickstart", "Train the census wide & deep model, export it, serve it and predict two instances over REST.")
        {
            workDir, config, epochs, port, keepServing,
        };
        command.SetAction((parse, cancellation) => RunAsync(
            parse.GetValue(workDir)!, parse.GetValue(config), parse.GetValue(epochs), parse.GetValue(port),
            parse.GetValue(keepServing) ?? !Console.IsInputRedirected && !Console.IsOutputRedirected, cancellation));
        return command;
    }

    private static async Task<int> RunAsync(DirectoryInfo workDir, FileInfo? configFile, int? epochs, int port, bool keepServing, CancellationToken cancellation)
    {
        string? configPath = configFile?.FullName ?? FindSample("samples", "census", "wide_deep.yaml");
        string? instancesPath = FindSample("samples", "census", "instances.jsonl");
        if (configPath is null || !File.Exists(configPath) || instancesPath is null)
            return Fail("cannot find samples/census (wide_deep.yaml, instances.jsonl); run from the repository or pass --config.");

        string modelDir = Path.Combine(workDir.FullName, "model");
        string serverDir = Path.Combine(workDir.FullName, "server");
        if (Directory.Exists(modelDir)) Directory.Delete(modelDir, recursive: true); // a fresh run each time: the demo trains from scratch
        Directory.CreateDirectory(serverDir);

        Step(1, $"Training the census wide & deep model ({Path.GetRelativePath(Environment.CurrentDirectory, configPath)})");
        var clock = Stopwatch.StartNew();
        ConfiguredRunResult run;
        try
        {
            run = TrainWithProgress(configPath, modelDir, epochs, cancellation);
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentException or InvalidOperationException)
        {
            return Fail(e.Message);
        }
        Console.WriteLine($"Trained to global step {run.Training.GlobalStep} in {clock.Elapsed.TotalSeconds:F1} s ({run.Training.ExamplesPerSecond:N0} examples/s).");

        Step(2, "Evaluating on adult.test");
        var evaluation = run.Evaluation ?? ConfiguredTraining.Evaluate(modelDir);
        TrainCommands.WriteMetricsTable(evaluation);

        Step(3, "Exporting");
        string bundle = run.Exports.Count > 0 ? run.Exports[^1] : ConfiguredTraining.Export(modelDir);
        string basePath = Path.GetDirectoryName(bundle)!;
        Console.WriteLine($"Export bundle: {bundle}");

        Step(4, port == 0 ? "Starting the model server on a free port" : $"Starting the model server on http://127.0.0.1:{port}");
        var (key, _) = new ApiKeyStore(new ServerStateStore(serverDir)).Create("quickstart", [ModelName], null, admin: true);
        var options = new ServerOptions
        {
            DataDirectory = serverDir,
            Port = port,
            Models = [new ModelSource(ModelName, basePath)],
        };
        await using var host = ServingHost.Create(options, logging => { });
        await host.StartAsync(cancellation);
        await host.WaitForLoadsAsync();
        Console.WriteLine($"Serving model '{ModelName}' from {basePath} at {host.Address}; API key: {key}");

        Step(5, "Predicting the two sample instances over REST");
        using var client = new ServingClient(host.Address, key);
        var instances = File.ReadAllLines(instancesPath).Where(l => l.Trim().Length > 0).Select(l => JsonDocument.Parse(l).RootElement.Clone()).ToList();
        JsonDocument response;
        try { response = await client.PredictAsync(ModelName, instances, cancellation: cancellation); }
        catch (ServingClientException e) { return Fail(e.Message); }
        var rows = response.RootElement.GetProperty("predictions").EnumerateArray()
            .Select(p => JsonNode.Parse(p.GetRawText())!.AsObject()).ToList();
        response.Dispose();
        TrainCommands.WritePredictionTable(rows, HeadKind.BinaryClassification);

        Console.WriteLine();
        Console.WriteLine("Call the server yourself:");
        Console.WriteLine($"  curl -s -H 'Authorization: Bearer {key}' -H 'Content-Type: application/json' \\");
        Console.WriteLine($"       -d @samples/census/request.json {host.Address.ToString().TrimEnd('/')}/v1/models/{ModelName}:predict");
        Console.WriteLine($"  SLUICE_API_KEY={key} dotnet run -c Release --project src/Sluice.Cli -- predict --model {ModelName} --json-instances samples/census/instances.jsonl --url {host.Address}");
        if (keepServing)
        {
            Console.WriteLine("The server keeps running; press Ctrl+C to stop it.");
            try { await Task.Delay(Timeout.Infinite, cancellation); }
            catch (OperationCanceledException) { /* Ctrl+C: fall through to a graceful stop */ }
        }
        await host.StopAsync();
        return 0;
    }

    private static ConfiguredRunResult TrainWithProgress(string configPath, string modelDir, int? epochs, CancellationToken cancellation)
    {
        if (!AnsiConsole.Profile.Capabilities.Interactive)
            return ConfiguredTraining.Train(configPath, modelDir, epochs, null, new LineProgress(), cancellation);

        ConfiguredRunResult? result = null;
        AnsiConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn(), new SpinnerColumn())
            .Start(context =>
            {
                var task = context.AddTask("training", maxValue: 1);
                var progress = new Progress(task);
                result = ConfiguredTraining.Train(configPath, modelDir, epochs, null, progress, cancellation);
                task.Value = task.MaxValue;
            });
        return result!;
    }

    /// <summary>Moves the Spectre progress bar; the description carries the live loss and speed.</summary>
    private sealed class Progress(ProgressTask task) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress p)
        {
            task.MaxValue = Math.Max(1, p.MaxSteps);
            task.Value = p.GlobalStep;
            task.Description = $"epoch {p.Epoch}  loss {p.AverageLoss:F3}  {p.ExamplesPerSecond:N0} ex/s";
        }
    }

    /// <summary>Progress as plain lines, for logs and non-interactive terminals.</summary>
    private sealed class LineProgress : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress p)
            => Console.WriteLine($"  step {p.GlobalStep}/{p.MaxSteps}  epoch {p.Epoch}  average_loss {p.AverageLoss:F4}  {p.ExamplesPerSecond:N0} examples/s");
    }

    private static void Step(int number, string what)
    {
        Console.WriteLine();
        Console.WriteLine($"[{number}/5] {what}");
    }

    /// <summary>A file of this repository's samples, looked up from the working directory and the tool's folder upwards.</summary>
    private static string? FindSample(params string[] parts)
    {
        foreach (string start in new[] { Environment.CurrentDirectory, AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                string candidate = Path.Combine([dir.FullName, .. parts]);
                if (File.Exists(candidate)) return candidate;
            }
        }
        return null;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return 1;
    }
}
