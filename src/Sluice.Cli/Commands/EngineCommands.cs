using System.CommandLine;
using Sluice.Jobs.Http;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice engine</c>: the job service and the model server in one long-running process.</summary>
internal static class EngineCommands
{
    public static Command Create()
    {
        var dataDir = new Option<string>("--data-dir") { Description = "Folder for the job store, job folders and the model server's state. Default: $SLUICE_ENGINE_DIR or ~/.sluice/engine.", DefaultValueFactory = _ => EngineOptions.DefaultDataDirectory() };
        var store = new Option<string?>("--store") { Description = "Job store: sqlite:<path> (default <data-dir>/jobs.db) or postgres:<connection string> to share jobs between engine hosts." };
        var host = new Option<string>("--host") { Description = "Interface to listen on.", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "REST port for jobs, models, versions and predictions (0 picks a free port).", DefaultValueFactory = _ => 8600 };
        var noAuth = new Option<bool>("--no-auth") { Description = "Accept calls without API keys (local development only)." };
        var slots = new Option<int>("--slots") { Description = "Jobs run at once (CPU slots).", DefaultValueFactory = _ => Environment.ProcessorCount };
        var engineId = new Option<string>("--engine-id") { Description = "This engine's stable name in the store; jobs it owned are recovered by the engine with the same id.", DefaultValueFactory = _ => Environment.MachineName };
        var backend = new Option<string>("--backend") { Description = "Where jobs run.", DefaultValueFactory = _ => "local" };
        backend.AcceptOnlyFromAmong("local", "slurm");
        var noBoard = new Option<bool>("--no-board") { Description = "Do not serve the dashboard (training curves, hparams, jobs, models, data pages) at /board/." };
        var profiles = new Option<string[]>("--profile") { Description = "A dataset profile (sluice data describe --format json) for the dashboard's Data page; repeatable.", AllowMultipleArgumentsPerToken = false };

        var command = new Command("engine", "Run the job service (training, tuning, batch prediction) with the model server, on one port.")
        {
            dataDir, store, host, port, noAuth, slots, engineId, backend, noBoard, profiles,
        };
        command.SetAction(async (parse, ct) =>
        {
            var options = new EngineOptions
            {
                DataDirectory = Path.GetFullPath(parse.GetValue(dataDir)!),
                Store = parse.GetValue(store),
                Host = parse.GetValue(host)!,
                Port = parse.GetValue(port),
                RequireApiKeys = !parse.GetValue(noAuth),
                Slots = Math.Max(1, parse.GetValue(slots)),
                EngineId = parse.GetValue(engineId)!,
                Backend = parse.GetValue(backend)!,
                Board = !parse.GetValue(noBoard),
                BoardProfiles = [.. (parse.GetValue(profiles) ?? []).Select(Path.GetFullPath)],
            };
            if (options.BoardProfiles.FirstOrDefault(p => !File.Exists(p)) is { } missing)
            {
                Console.Error.WriteLine($"error: --profile: '{missing}' does not exist.");
                return 1;
            }
            EngineHost engine;
            try { engine = await EngineHost.StartAsync(options, ct); }
            catch (Exception e) when (e is IOException or ArgumentException or InvalidOperationException or Npgsql.NpgsqlException or System.Net.Sockets.SocketException)
            {
                Console.Error.WriteLine($"error: the engine could not start: {e.Message}");
                return 1;
            }
            await using (engine)
            {
                Console.WriteLine($"Sluice engine listening on {engine.Address.ToString().TrimEnd('/')} (store {engine.StoreDescription}, backend {options.Backend}, {options.Slots} slots, engine id {options.EngineId})");
                if (options.Board) Console.WriteLine($"Dashboard at {engine.Address.ToString().TrimEnd('/')}/board/ (jobs, models, training curves, hparams, data)");
                if (!options.RequireApiKeys) Console.WriteLine("warning: AUTHENTICATION IS OFF (--no-auth): anyone who can reach this port can run jobs.");
                await engine.WaitForShutdownAsync(ct);
                Console.WriteLine("Sluice engine stopping.");
            }
            return 0;
        });
        return command;
    }
}
