using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Jobs.Client;
using Sluice.Jobs.Deploy;
using Sluice.Jobs.Spec;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice jobs submit training|prediction, list, describe, stream-logs, cancel, deploy</c> (gcloud ml-engine style)
/// against a running <c>sluice engine</c>. URL from --url or $SLUICE_ENGINE_URL; key from --api-key or $SLUICE_API_KEY.
/// </summary>
internal static class JobsCommands
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static Command Create()
    {
        var command = new Command("jobs", "Submit, watch and manage training, tuning and batch prediction jobs on a `sluice engine`.");
        command.Subcommands.Add(CreateSubmit());
        command.Subcommands.Add(CreateList());
        command.Subcommands.Add(CreateDescribe());
        command.Subcommands.Add(CreateStreamLogs());
        command.Subcommands.Add(CreateCancel());
        command.Subcommands.Add(CreateDeploy());
        return command;
    }

    // The default is resolved when the command runs (not while parsing), so a bad config file is a clear error, not a crash.
    private static Option<Uri?> Url() => new("--url")
    {
        Description = "The engine. Default: $SLUICE_ENGINE_URL, else engineUrl in $SLUICE_CONFIG or ~/.sluice/config.json, else http://127.0.0.1:8600.",
    };

    private static Uri EngineUrl(ParseResult parse, Option<Uri?> url) => parse.GetValue(url) ?? EngineAddress.Resolve();

    private static Option<string?> ApiKey() => new("--api-key")
    {
        Description = "An --admin API key (`sluice keys create --name <n> --admin --data-dir <engine data dir>`). Default: $SLUICE_API_KEY.",
        DefaultValueFactory = _ => Environment.GetEnvironmentVariable("SLUICE_API_KEY"),
    };

    private static Option<string> Format() => new Option<string>("--format") { Description = "Output format.", DefaultValueFactory = _ => "table" }.AcceptOnlyFromAmong("table", "json");

    private static Command CreateSubmit()
    {
        var submit = new Command("submit", "Submit a job.");
        submit.Subcommands.Add(CreateSubmitTraining());
        submit.Subcommands.Add(CreateSubmitPrediction());
        return submit;
    }

    private static Command CreateSubmitTraining()
    {
        var jobId = new Argument<string>("job-id") { Description = "Unique job id (letters, digits, underscores; starts with a letter)." };
        var userArgs = new Argument<string[]>("user-args") { Description = "After --: arguments for `sluice train` (e.g. -- --epochs 1).", Arity = ArgumentArity.ZeroOrMore };
        var config = new Option<FileInfo?>("--config") { Description = "Job spec (YAML or JSON, ML Engine shape: trainingInput with config, args, scaleTier, hyperparameters)." };
        var trainingConfig = new Option<FileInfo?>("--training-config") { Description = "The training YAML (sets trainingInput.config)." };
        var jobDir = new Option<string?>("--job-dir") { Description = "Model dir for the job (default: a folder in the engine's data dir)." };
        var scaleTier = new Option<string?>("--scale-tier") { Description = "BASIC (default), STANDARD_1, PREMIUM_1, BASIC_GPU or CUSTOM." };
        var workerCount = new Option<int?>("--worker-count") { Description = "Workers for CUSTOM." };
        var streamLogs = new Option<bool>("--stream-logs") { Description = "Follow the job's log until it ends; exit code 1 unless it SUCCEEDED." };
        var url = Url(); var key = ApiKey(); var format = Format();
        var command = new Command("training", "Submit a training or hyperparameter tuning job.") { jobId, userArgs, config, trainingConfig, jobDir, scaleTier, workerCount, streamLogs, url, key, format };
        command.SetAction((parse, ct) => RunAsync(async () =>
        {
            var job = ReadSpec(parse.GetValue(config), parse.GetValue(jobId)!);
            var training = job.Job["trainingInput"] as JsonObject ?? (JsonObject)(job.Job["trainingInput"] = new JsonObject());
            if (parse.GetValue(trainingConfig) is { } t) training["config"] = t.FullName;
            if (parse.GetValue(jobDir) is { } d) training["jobDir"] = Path.GetFullPath(d);
            if (parse.GetValue(scaleTier) is { } tier) training["scaleTier"] = tier;
            if (parse.GetValue(workerCount) is { } workers) training["workerCount"] = workers;
            if (parse.GetValue(userArgs) is { Length: > 0 } extra) training["args"] = new JsonArray([.. (training["args"]?.AsArray().Select(a => a!.DeepClone()) ?? []), .. extra.Select(a => (JsonNode)JsonValue.Create(a))]);
            return await SubmitAsync(parse, url, key, format, job, parse.GetValue(streamLogs), ct);
        }));
        return command;
    }

    private static Command CreateSubmitPrediction()
    {
        var jobId = new Argument<string>("job-id") { Description = "Unique job id." };
        var config = new Option<FileInfo?>("--config") { Description = "Job spec (YAML or JSON with predictionInput)." };
        var modelDir = new Option<string?>("--model-dir") { Description = "An export bundle folder to predict with (predictionInput.uri)." };
        var model = new Option<string?>("--model") { Description = "A model on the engine's model server (its default version)." };
        var version = new Option<string?>("--version") { Description = "With --model: this version." };
        var inputs = new Option<string[]>("--input-paths") { Description = "Input files or globs (comma-separated or repeated).", AllowMultipleArgumentsPerToken = true };
        var output = new Option<string?>("--output-path") { Description = "Folder for prediction.results-* and prediction.errors_stats-*." };
        var dataFormat = new Option<string?>("--data-format") { Description = "JSON (JSON Lines instances) or CSV (header row)." };
        var batchSize = new Option<int?>("--batch-size") { Description = "Instances per prediction batch (default 64)." };
        var streamLogs = new Option<bool>("--stream-logs") { Description = "Follow the job's log until it ends." };
        var url = Url(); var key = ApiKey(); var format = Format();
        var command = new Command("prediction", "Submit a batch prediction job.") { jobId, config, modelDir, model, version, inputs, output, dataFormat, batchSize, streamLogs, url, key, format };
        command.SetAction((parse, ct) => RunAsync(async () =>
        {
            var job = ReadSpec(parse.GetValue(config), parse.GetValue(jobId)!);
            var p = job.Job["predictionInput"] as JsonObject ?? (JsonObject)(job.Job["predictionInput"] = new JsonObject());
            if (parse.GetValue(modelDir) is { } m) p["uri"] = Path.GetFullPath(m);
            if (parse.GetValue(model) is { } name)
            {
                if (parse.GetValue(version) is { } v) p["versionName"] = $"{name}/versions/{v}";
                else p["modelName"] = name;
            }
            if (parse.GetValue(inputs) is { Length: > 0 } paths) p["inputPaths"] = new JsonArray([.. paths.SelectMany(x => x.Split(',', StringSplitOptions.RemoveEmptyEntries)).Select(x => (JsonNode)JsonValue.Create(Path.GetFullPath(x)))]);
            if (parse.GetValue(output) is { } o) p["outputPath"] = Path.GetFullPath(o);
            if (parse.GetValue(dataFormat) is { } f) p["dataFormat"] = f;
            if (parse.GetValue(batchSize) is { } b) p["batchSize"] = b;
            return await SubmitAsync(parse, url, key, format, job, parse.GetValue(streamLogs), ct);
        }));
        return command;
    }

    /// <summary>The job spec file as raw JSON (or an empty job) with the id from the command line, and the folder its relative paths are relative to.</summary>
    private static (JsonObject Job, string BaseDirectory) ReadSpec(FileInfo? file, string jobId)
    {
        if (file is null) return (new JsonObject { ["jobId"] = jobId }, Directory.GetCurrentDirectory());
        if (!file.Exists) throw new FileNotFoundException($"job spec '{file.FullName}' does not exist.");
        var job = JobSpecText.ToJsonObject(File.ReadAllText(file.FullName), file.FullName);
        job["jobId"] = jobId;
        return (job, file.DirectoryName!);
    }

    private static async Task<int> SubmitAsync(ParseResult parse, Option<Uri?> url, Option<string?> key, Option<string> format, (JsonObject Job, string BaseDirectory) job, bool stream, CancellationToken ct)
    {
        // Validate here (relative paths resolve against the spec file), so spec errors name their JSON path before anything is sent.
        var spec = JobSpecReader.Read(job.Job, job.BaseDirectory);
        using var client = new EngineClient(EngineUrl(parse, url), parse.GetValue(key));
        var created = await client.SubmitAsync(JobSpecWriter.ToJson(spec), ct);
        if (!stream)
        {
            Show(parse.GetValue(format)!, [created]);
            return 0;
        }
        Console.WriteLine($"Job [{spec.JobId}] submitted; streaming its log (Ctrl+C stops following, the job keeps running).");
        await foreach (string line in client.StreamLogsAsync(spec.JobId, follow: true, ct)) Console.WriteLine(line);
        var final = await client.GetAsync(spec.JobId, ct);
        string state = final["state"]!.GetValue<string>();
        Console.WriteLine($"Job [{spec.JobId}] {state}{(final["errorMessage"] is { } e ? $": {e}" : "")}");
        return state == "SUCCEEDED" ? 0 : 1;
    }

    private static Command CreateList()
    {
        var filter = new Option<string?>("--filter") { Description = "e.g. 'jobId:census* AND state:FAILED' (fields jobId, state, parentJobId)." };
        var all = new Option<bool>("--all") { Description = "Include tuning trials." };
        var url = Url(); var key = ApiKey(); var format = Format();
        var command = new Command("list", "List jobs, oldest first.") { filter, all, url, key, format };
        command.SetAction((parse, ct) => RunAsync(async () =>
        {
            using var client = new EngineClient(EngineUrl(parse, url), parse.GetValue(key));
            Show(parse.GetValue(format)!, await client.ListAllAsync(parse.GetValue(filter), parse.GetValue(all), ct));
            return 0;
        }));
        return command;
    }

    private static Command CreateDescribe()
    {
        var jobId = new Argument<string>("job-id");
        var url = Url(); var key = ApiKey(); var format = Format();
        var command = new Command("describe", "Show a job: spec, state, times, error, training or prediction output (tuning trials best first).") { jobId, url, key, format };
        command.SetAction((parse, ct) => RunAsync(async () =>
        {
            using var client = new EngineClient(EngineUrl(parse, url), parse.GetValue(key));
            var job = await client.GetAsync(parse.GetValue(jobId)!, ct);
            if (parse.GetValue(format) == "json") { Console.WriteLine(job.ToJsonString(Indented)); return 0; }
            Show("table", [job]);
            if (job["errorMessage"] is { } error) Console.WriteLine($"error: {error}");
            if (job["trainingOutput"]?["trials"] is JsonArray trials)
            {
                Console.WriteLine();
                WriteTable(["trial", "state", "objective", "step", "early", "hyperparameters"], trials.OfType<JsonObject>().Select(t => new[]
                {
                    t["trialId"]?.ToString() ?? "", t["state"]?.ToString() ?? "", t["finalMetric"]?["objectiveValue"]?.ToString() ?? "",
                    t["finalMetric"]?["trainingStep"]?.ToString() ?? "", t["isTrialStoppedEarly"]?.GetValue<bool>() == true ? "yes" : "",
                    string.Join(" ", (t["hyperparameters"] as JsonObject ?? []).Select(kv => $"{kv.Key}={kv.Value}")),
                }));
            }
            else if (job["trainingOutput"] is JsonObject output) Console.WriteLine(output.ToJsonString(Indented));
            if (job["predictionOutput"] is JsonObject prediction) Console.WriteLine(prediction.ToJsonString(Indented));
            return 0;
        }));
        return command;
    }

    private static Command CreateStreamLogs()
    {
        var jobId = new Argument<string>("job-id");
        var noFollow = new Option<bool>("--no-follow") { Description = "Print the log so far and exit." };
        var url = Url(); var key = ApiKey();
        var command = new Command("stream-logs", "Print a job's log (time-stamped stdout/stderr/engine lines), following it until the job ends.") { jobId, noFollow, url, key };
        command.SetAction((parse, ct) => RunAsync(async () =>
        {
            using var client = new EngineClient(EngineUrl(parse, url), parse.GetValue(key));
            await foreach (string line in client.StreamLogsAsync(parse.GetValue(jobId)!, !parse.GetValue(noFollow), ct)) Console.WriteLine(line);
            return 0;
        }));
        return command;
    }

    private static Command CreateCancel()
    {
        var jobId = new Argument<string>("job-id");
        var url = Url(); var key = ApiKey(); var format = Format();
        var command = new Command("cancel", "Cancel a job (its process tree is stopped within seconds).") { jobId, url, key, format };
        command.SetAction((parse, ct) => RunAsync(async () =>
        {
            using var client = new EngineClient(EngineUrl(parse, url), parse.GetValue(key));
            Show(parse.GetValue(format)!, [await client.CancelAsync(parse.GetValue(jobId)!, ct)]);
            return 0;
        }));
        return command;
    }

    private static Command CreateDeploy()
    {
        var jobId = new Argument<string>("job-id");
        var model = new Option<string>("--model") { Description = "Model to add the version to (created if missing).", Required = true };
        var version = new Option<string?>("--version") { Description = "Version number (default: next)." };
        var trial = new Option<string?>("--trial") { Description = "Tuning job: this trial's export (default: the best trial)." };
        var promote = new Option<string?>("--promote-if-better") { Description = "Metric (auc, accuracy, average_loss, ...): make the new version default only if it beats the current default on --eval-data." };
        var evalData = new Option<FileInfo?>("--eval-data") { Description = "Data both versions are evaluated on (read with the training schema)." };
        var url = Url(); var key = ApiKey(); var format = Format();
        var command = new Command("deploy", "Deploy a finished job's export (or a tuning trial's) as a model version.") { jobId, model, version, trial, promote, evalData, url, key, format };
        command.SetAction((parse, ct) => RunAsync(async () =>
        {
            using var client = new EngineClient(EngineUrl(parse, url), parse.GetValue(key));
            var result = await client.DeployAsync(parse.GetValue(jobId)!, new DeployRequest(parse.GetValue(model)!, parse.GetValue(version), parse.GetValue(trial), parse.GetValue(promote), parse.GetValue(evalData)?.FullName), ct);
            if (parse.GetValue(format) == "json") Console.WriteLine(result.ToJsonString(Indented));
            else WriteTable(["model", "version", "default", "metric", "new", "previous", "deploymentUri"], [[
                result["model"]?.ToString() ?? "", result["version"]?.ToString() ?? "", result["isDefault"]?.ToString() ?? "",
                result["metric"]?.ToString() ?? "", result["newScore"]?.ToString() ?? "", result["previousScore"]?.ToString() ?? "", result["deploymentUri"]?.ToString() ?? ""]]);
            return 0;
        }));
        return command;
    }

    private static void Show(string format, IReadOnlyList<JsonObject> jobs)
    {
        if (format == "json") { Console.WriteLine(new JsonArray([.. jobs.Select(j => j.DeepClone())]).ToJsonString(Indented)); return; }
        WriteTable(["job_id", "kind", "state", "created", "started", "ended"], jobs.Select(j => new[]
        {
            j["jobId"]?.ToString() ?? "",
            j["trainingInput"]?["hyperparameters"] is not null ? "tuning" : j["trainingInput"] is not null ? "training" : "prediction",
            j["state"]?.ToString() ?? "",
            Time(j["createTime"]), Time(j["startTime"]), Time(j["endTime"]),
        }));
    }

    private static string Time(JsonNode? node) => node is null ? "" : DateTime.Parse(node.ToString(), System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.RoundtripKind).ToUniversalTime().ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);

    private static void WriteTable(string[] columns, IEnumerable<string[]> rows)
    {
        var cells = rows.ToList();
        var widths = columns.Select((c, i) => Math.Max(c.Length, cells.Count == 0 ? 0 : cells.Max(r => r[i].Length))).ToArray();
        Console.WriteLine(string.Join("  ", columns.Select((c, i) => c.ToUpperInvariant().PadRight(widths[i]))).TrimEnd());
        foreach (var row in cells) Console.WriteLine(string.Join("  ", row.Select((c, i) => c.PadRight(widths[i]))).TrimEnd());
    }

    private static async Task<int> RunAsync(Func<Task<int>> action)
    {
        try { return await action(); }
        catch (Exception e) when (e is EngineClientException or JobSpecException or FileNotFoundException or IOException or FormatException)
        {
            Console.Error.WriteLine($"error: {e.Message}");
            return 1;
        }
    }
}
