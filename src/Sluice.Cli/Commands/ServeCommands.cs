using System.CommandLine;
using System.Diagnostics;
using Sluice.Cli.Serving;
using Sluice.Serving.Batching;
using Sluice.Serving.Hosting;
using Sluice.Serving.Repository;

namespace Sluice.Cli.Commands;

/// <summary>
/// <c>sluice serve</c>: the model server (TF Serving REST, ML Engine style management, API keys, dynamic batching).
/// </summary>
internal static class ServeCommands
{
    public static Command Create()
    {
        var modelName = new Option<string?>("--model-name") { Description = "Serve one model from --model-base-path (numbered version folders)." };
        var basePath = new Option<DirectoryInfo?>("--model-base-path") { Description = "Folder whose numbered subfolders are the versions of --model-name; polled for new ones." };
        var policy = new Option<string>("--version-policy") { Description = "Versions served from the base path: latest[:N], all or specific:v1,v2.", DefaultValueFactory = _ => "latest:1" };
        var config = new Option<FileInfo?>("--config") { Description = "models.yaml listing several models (name, basePath, versionPolicy, labels)." };
        var port = new Option<int>("--port") { Description = "REST port.", DefaultValueFactory = _ => 8501 };
        var host = new Option<string>("--host") { Description = "Address to bind; 0.0.0.0 to accept other machines.", DefaultValueFactory = _ => "127.0.0.1" };
        var noAuth = new Option<bool>("--no-auth") { Description = "Accept requests without an API key (local development only)." };
        var dataDir = ServingCliOptions.DataDirectory();
        var maxBatch = new Option<int>("--max-batch-size") { Description = "Most instances run in one batched execution.", DefaultValueFactory = _ => 128 };
        var batchWait = new Option<int>("--batch-timeout-micros") { Description = "How long a batch waits to fill (0: never; no added latency).", DefaultValueFactory = _ => 0 };
        var queue = new Option<int>("--max-enqueued-requests") { Description = "Queued requests per version before 429.", DefaultValueFactory = _ => 1024 };
        var workers = new Option<int>("--batch-threads") { Description = "Batching workers per version.", DefaultValueFactory = _ => Environment.ProcessorCount };
        var maxInstances = new Option<int>("--max-instances-per-request") { Description = "More instances in one request is a 413.", DefaultValueFactory = _ => 1024 };
        var maxBody = new Option<long>("--max-body-bytes") { Description = "Larger request bodies are a 413.", DefaultValueFactory = _ => 8L * 1024 * 1024 };
        var poll = new Option<double>("--file-system-poll-wait-seconds") { Description = "Seconds between scans of the base paths.", DefaultValueFactory = _ => 1 };
        var logRequests = new Option<bool>("--log-requests") { Description = "Log one line per request (method, path, status, ms)." };
        var ignoreUnknown = new Option<bool>("--ignore-unknown-features") { Description = "Skip instance features the model does not read instead of answering 400." };
        var startupReport = new Option<bool>("--startup-report") { Description = "Print how long each start-up phase took (process start to every version loaded)." };

        var command = new Command("serve", "Serve exported models over a TF-Serving-compatible REST API (with versions, labels, API keys, batching).");
        foreach (var option in new Option[] { modelName, basePath, policy, config, port, host, noAuth, dataDir, maxBatch, batchWait, queue, workers, maxInstances, maxBody, poll, logRequests, ignoreUnknown, startupReport })
            command.Options.Add(option);
        command.SetAction(async (parse, cancellation) =>
        {
            var models = new List<ModelSource>();
            string? name = parse.GetValue(modelName);
            var baseDir = parse.GetValue(basePath);
            if ((name is null) != (baseDir is null)) return ServingCliOptions.Fail("--model-name and --model-base-path go together.");
            if (baseDir is not null)
            {
                if (!baseDir.Exists) return ServingCliOptions.Fail($"--model-base-path {baseDir.FullName} does not exist.");
                VersionPolicy versionPolicy;
                try { versionPolicy = VersionPolicy.Parse(parse.GetValue(policy)!); }
                catch (FormatException e) { return ServingCliOptions.Fail($"--version-policy: {e.Message}"); }
                models.Add(new ModelSource(name!, baseDir.FullName, versionPolicy));
            }
            if (parse.GetValue(config) is { } file)
            {
                try { models.AddRange(ModelsConfigFile.Load(file.FullName)); }
                catch (Exception e) when (e is FormatException or FileNotFoundException) { return ServingCliOptions.Fail(e.Message); }
            }
            int portValue = parse.GetValue(port);
            if (portValue is < 0 or > 65535) return ServingCliOptions.Fail($"--port must be between 0 and 65535; got {portValue}.");
            if (parse.GetValue(maxBatch) < 1 || parse.GetValue(queue) < 1 || parse.GetValue(workers) < 1 || parse.GetValue(maxInstances) < 1)
                return ServingCliOptions.Fail("--max-batch-size, --max-enqueued-requests, --batch-threads and --max-instances-per-request must be ≥ 1.");

            var options = new ServerOptions
            {
                DataDirectory = parse.GetValue(dataDir)!,
                Host = parse.GetValue(host)!,
                Port = portValue,
                RequireApiKeys = !parse.GetValue(noAuth),
                Models = models,
                Batching = new BatchingOptions
                {
                    MaxBatchSize = parse.GetValue(maxBatch),
                    MaxWait = TimeSpan.FromMicroseconds(parse.GetValue(batchWait)),
                    QueueCapacity = parse.GetValue(queue),
                    Workers = parse.GetValue(workers),
                },
                MaxInstancesPerRequest = parse.GetValue(maxInstances),
                MaxRequestBodyBytes = parse.GetValue(maxBody),
                PollInterval = TimeSpan.FromSeconds(Math.Max(0.05, parse.GetValue(poll))),
                LogRequests = parse.GetValue(logRequests),
                IgnoreUnknownFeatures = parse.GetValue(ignoreUnknown),
            };
            ServingHost server;
            try { server = ServingHost.Create(options); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or Microsoft.Data.Sqlite.SqliteException)
            {
                return ServingCliOptions.Fail($"Cannot open the data dir {options.DataDirectory}: {e.Message}");
            }
            await using (server)
            {
                try { await server.StartAsync(cancellation); }
                catch (IOException e) { return ServingCliOptions.Fail($"Cannot listen on {options.Host}:{options.Port} ({e.Message}). Is another server running? Try --port."); }
                await server.WaitForLoadsAsync();
                var sinceStart = DateTime.Now - Process.GetCurrentProcess().StartTime;
                if (server.IsReady(out string notReady))
                    Console.WriteLine($"Sluice model server at {server.Address} — ready {sinceStart.TotalMilliseconds:F0} ms after process start; data dir {options.DataDirectory}.");
                else
                    Console.WriteLine($"Sluice model server at {server.Address} — listening, but NOT READY ({notReady}; see the log above); data dir {options.DataDirectory}.");
                if (parse.GetValue(startupReport))
                {
                    foreach (var (phase, endedAt, took) in server.Startup.Phases)
                        Console.WriteLine(FormattableString.Invariant($"  start-up: {endedAt,7:F0} ms  (+{took,5:F0} ms)  {phase}"));
                }
                if (options.RequireApiKeys) Console.WriteLine("API keys required: create one with `sluice keys create --name <n>` and send it as 'Authorization: Bearer <key>'.");
                Console.WriteLine("Press Ctrl+C to stop (in-flight requests finish first).");
                await server.RunAsync(cancellation);
            }
            return 0;
        });
        return command;
    }
}
