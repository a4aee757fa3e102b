using System.CommandLine;
using Microsoft.Extensions.Hosting;
using Sluice.Board;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice board --logdir &lt;dir&gt; [--port 6006] [--profile p.json]</c>: the dashboard (curves, histograms, hparams, data).</summary>
internal static class BoardCommands
{
    public static Command Create()
    {
        var logdir = new Option<DirectoryInfo>("--logdir")
        {
            Description = "Directory searched recursively for runs (a model dir and its eval/ are two runs).",
            Required = true,
        };
        var port = new Option<int>("--port") { Description = "TCP port to listen on.", DefaultValueFactory = _ => 6006 };
        var host = new Option<string>("--host")
        {
            Description = "Address to bind. The default keeps the board on this machine; use 0.0.0.0 to share it.",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        var reload = new Option<double>("--reload-interval")
        {
            Description = "Seconds between checks for new runs and new events.",
            DefaultValueFactory = _ => 5,
        };
        var samples = new Option<int>("--samples")
        {
            Description = "Most points per run drawn in one chart; longer series are downsampled on the server.",
            DefaultValueFactory = _ => 1000,
        };

        var profiles = new Option<FileInfo[]>("--profile")
        {
            Description = "A dataset profile (sluice data describe <file> --format json) for the Data page; repeatable. "
                + "Files named *.profile.json under the logdir are shown too.",
        };

        var command = new Command("board", "Serve the dashboard: live training curves for every run under a logdir.");
        command.Options.Add(logdir);
        command.Options.Add(port);
        command.Options.Add(host);
        command.Options.Add(reload);
        command.Options.Add(samples);
        command.Options.Add(profiles);
        command.SetAction(async (parse, cancellation) =>
        {
            DirectoryInfo dir = parse.GetValue(logdir)!;
            int portValue = parse.GetValue(port);
            double reloadSeconds = parse.GetValue(reload);
            int samplesValue = parse.GetValue(samples);
            if (!dir.Exists) return Fail($"Logdir '{dir.FullName}' does not exist.");
            if (portValue is < 0 or > 65535) return Fail($"--port must be between 0 and 65535; got {portValue}.");
            if (!(reloadSeconds > 0)) return Fail($"--reload-interval must be a positive number of seconds; got {reloadSeconds}.");
            if (samplesValue < 2) return Fail($"--samples must be at least 2; got {samplesValue}.");

            FileInfo[] profileFiles = parse.GetValue(profiles) ?? [];
            if (profileFiles.FirstOrDefault(f => !f.Exists) is { } missing) return Fail($"--profile: '{missing.FullName}' does not exist.");

            var options = new BoardOptions(dir.FullName, portValue, parse.GetValue(host)!, TimeSpan.FromSeconds(reloadSeconds), samplesValue,
                Profiles: [.. profileFiles.Select(f => f.FullName)]);
            await using var app = BoardApp.Build(options);
            try
            {
                await app.StartAsync(cancellation);
            }
            catch (IOException ex)
            {
                return Fail($"Cannot listen on {options.Host}:{options.Port} ({ex.Message}). Is another board running? Try --port.");
            }
            Console.WriteLine($"Sluice Board at {BoardApp.ListeningAddress(app)} (logdir {options.Logdir}); press Ctrl+C to stop.");
            try
            {
                await app.WaitForShutdownAsync(cancellation);
            }
            catch (OperationCanceledException)
            {
                // Ctrl+C: a normal way to stop.
            }
            return 0;
        });
        return command;
    }

    private static int Fail(string message)
    {
        Console.Error.WriteLine($"error: {message}");
        return 1;
    }
}
