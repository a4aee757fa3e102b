using System.CommandLine;
using Sluice.Cli.Serving;
using Sluice.Serving.Auth;
using Sluice.Serving.State;
using Spectre.Console;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice keys create|list|revoke</c>: API keys in the server's data dir (a running server sees changes within a second).</summary>
internal static class KeysCommands
{
    public static Command Create()
    {
        var command = new Command("keys", "Create, list and revoke API keys for the model server.");
        command.Subcommands.Add(CreateKey());
        command.Subcommands.Add(ListKeys());
        command.Subcommands.Add(RevokeKey());
        return command;
    }

    private static Command CreateKey()
    {
        var name = new Option<string>("--name") { Description = "A name for the key (who or what uses it).", Required = true };
        var models = new Option<string?>("--models") { Description = "Comma-separated models the key may call (default: all)." };
        var rate = new Option<int?>("--rate") { Description = "Requests per minute allowed (default: unlimited)." };
        var admin = new Option<bool>("--admin") { Description = "Also allow the management API (models, versions, labels)." };
        var dataDir = ServingCliOptions.DataDirectory();
        var command = new Command("create", "Create a key and print it once (only a salted hash is stored).") { name, models, rate, admin, dataDir };
        command.SetAction(parse =>
        {
            int? perMinute = parse.GetValue(rate);
            if (perMinute is <= 0) return ServingCliOptions.Fail("--rate must be a positive number of requests per minute.");
            var allowed = parse.GetValue(models)?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            var store = new ApiKeyStore(new ServerStateStore(parse.GetValue(dataDir)!));
            var (key, record) = store.Create(parse.GetValue(name)!, allowed, perMinute, parse.GetValue(admin));
            Console.Error.WriteLine($"Created key '{record.Name}' (id {record.Id}). Copy it now; it cannot be shown again:");
            Console.WriteLine(key);
            return 0;
        });
        return command;
    }

    private static Command ListKeys()
    {
        var dataDir = ServingCliOptions.DataDirectory();
        var format = ServingCliOptions.Format();
        var command = new Command("list", "List keys (never the keys themselves).") { dataDir, format };
        command.SetAction(parse =>
        {
            var keys = new ApiKeyStore(new ServerStateStore(parse.GetValue(dataDir)!)).List();
            if (parse.GetValue(format) == "json")
            {
                ServingTables.WriteJson(keys.Select(k => new { k.Id, k.Name, k.Models, k.RatePerMinute, k.Admin, k.CreatedUtc, k.RevokedUtc }));
                return 0;
            }
            var table = new Table().AddColumns("id", "name", "models", "rate/min", "admin", "created (UTC)", "revoked (UTC)");
            foreach (var k in keys)
            {
                table.AddRow(k.Id, Markup.Escape(k.Name), Markup.Escape(k.Models is null ? "all" : string.Join(",", k.Models)),
                    k.RatePerMinute?.ToString() ?? "-", k.Admin ? "yes" : "", k.CreatedUtc.ToString("yyyy-MM-dd HH:mm:ss"),
                    k.RevokedUtc?.ToString("yyyy-MM-dd HH:mm:ss") ?? "");
            }
            AnsiConsole.Write(table);
            return 0;
        });
        return command;
    }

    private static Command RevokeKey()
    {
        var key = new Argument<string>("key") { Description = "The key's id or name (or the key itself)." };
        var dataDir = ServingCliOptions.DataDirectory();
        var command = new Command("revoke", "Revoke a key; requests with it get 401 from then on.") { key, dataDir };
        command.SetAction(parse =>
        {
            string which = parse.GetValue(key)!;
            if (!new ApiKeyStore(new ServerStateStore(parse.GetValue(dataDir)!)).Revoke(which))
                return ServingCliOptions.Fail($"No active key with id or name '{which}'.");
            Console.WriteLine($"Revoked '{which}'.");
            return 0;
        });
        return command;
    }
}
