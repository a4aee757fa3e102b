using System.CommandLine;
using System.Text.Json;
using Sluice.Cli.Serving;

namespace Sluice.Cli.Commands;

/// <summary>
/// Talk to a running model server: <c>sluice models ...</c>, <c>sluice versions ...</c> (ML Engine style management,
/// an --admin key). Predictions against a server are <c>sluice predict --model</c> (<see cref="PredictCommand"/>). The
/// key comes from --api-key or $SLUICE_API_KEY.
/// </summary>
internal static class ModelsCommands
{
    public static Command CreateModels()
    {
        var command = new Command("models", "Create, list, describe and delete models on a running server.");
        var url = ServingCliOptions.Url();
        var key = ServingCliOptions.ApiKey();
        var format = ServingCliOptions.Format();

        var name = new Argument<string>("name") { Description = "Model name (letters, digits, underscores; starts with a letter)." };
        var description = new Option<string?>("--description") { Description = "What the model is." };
        var create = new Command("create", "Create an empty model; add versions with `sluice versions create`.") { name, description, url, key, format };
        create.SetAction((parse, ct) => ServingCliOptions.RunAsync(async () =>
        {
            using var client = ServingCliOptions.Client(parse, url, key);
            Show(parse, format, [await client.CreateModelAsync(parse.GetValue(name)!, parse.GetValue(description), ct)]);
            return 0;
        }));

        var list = new Command("list", "List models.") { url, key, format };
        list.SetAction((parse, ct) => ServingCliOptions.RunAsync(async () =>
        {
            using var client = ServingCliOptions.Client(parse, url, key);
            Show(parse, format, await client.ListModelsAsync(ct));
            return 0;
        }));

        var describeName = new Argument<string>("name") { Description = "Model name." };
        var describe = new Command("describe", "Show a model and its versions.") { describeName, url, key, format };
        describe.SetAction((parse, ct) => ServingCliOptions.RunAsync(async () =>
        {
            using var client = ServingCliOptions.Client(parse, url, key);
            var model = await client.GetModelAsync(parse.GetValue(describeName)!, ct);
            var versions = await client.ListVersionsAsync(model.Name, ct);
            if (parse.GetValue(format) == "json") ServingTables.WriteJson(new { model, versions });
            else { ServingTables.Models([model]); ServingTables.Versions(versions); }
            return 0;
        }));

        var deleteName = new Argument<string>("name") { Description = "Model name (it must have no versions left)." };
        var delete = new Command("delete", "Delete a model without versions.") { deleteName, url, key };
        delete.SetAction((parse, ct) => ServingCliOptions.RunAsync(async () =>
        {
            using var client = ServingCliOptions.Client(parse, url, key);
            await client.DeleteModelAsync(parse.GetValue(deleteName)!, ct);
            Console.WriteLine($"Deleted model '{parse.GetValue(deleteName)}'.");
            return 0;
        }));

        command.Subcommands.Add(create);
        command.Subcommands.Add(list);
        command.Subcommands.Add(describe);
        command.Subcommands.Add(delete);
        return command;
    }

    public static Command CreateVersions()
    {
        var command = new Command("versions", "Create, list, describe, label, set default and delete model versions on a running server.");
        var url = ServingCliOptions.Url();
        var key = ServingCliOptions.ApiKey();
        var format = ServingCliOptions.Format();
        var model = new Option<string>("--model") { Description = "Model name.", Required = true };
        var version = new Option<string>("--version") { Description = "Version number.", Required = true };

        var origin = new Option<DirectoryInfo>("--origin") { Description = "The export bundle folder (e.g. <model-dir>/export/best/<timestamp>).", Required = true };
        var name = new Option<string?>("--name") { Description = "Version number (default: the export folder's number, else the next one)." };
        var noWait = new Option<bool>("--no-wait") { Description = "Return while the version is still CREATING." };
        var create = new Command("create", "Create a version from an export folder; waits until it is READY or FAILED.") { model, origin, name, noWait, url, key, format };
        create.SetAction((parse, ct) => ServingCliOptions.RunAsync(async () =>
        {
            var folder = parse.GetValue(origin)!;
            if (!folder.Exists) return ServingCliOptions.Fail($"--origin {folder.FullName} does not exist.");
            using var client = ServingCliOptions.Client(parse, url, key);
            var created = await client.CreateVersionAsync(parse.GetValue(model)!, folder.FullName, parse.GetValue(name), ct);
            if (!parse.GetValue(noWait)) created = await client.WaitForVersionAsync(parse.GetValue(model)!, created.Name, TimeSpan.FromMinutes(5), ct);
            Show(parse, format, [created]);
            return created.State == "FAILED" ? ServingCliOptions.Fail($"Version {created.Name} failed to load: {created.ErrorMessage}") : 0;
        }));

        var list = new Command("list", "List a model's versions.") { model, url, key, format };
        list.SetAction((parse, ct) => ServingCliOptions.RunAsync(async () =>
        {
            using var client = ServingCliOptions.Client(parse, url, key);
            Show(parse, format, await client.ListVersionsAsync(parse.GetValue(model)!, ct));
            return 0;
        }));

        var describe = new Command("describe", "Show one version (state, error, load time, labels).") { model, version, url, key, format };
        describe.SetAction((parse, ct) => ServingCliOptions.RunAsync(async () =>
        {
            using var client = ServingCliOptions.Client(parse, url, key);
            Show(parse, format, [await client.GetVersionAsync(parse.GetValue(model)!, parse.GetValue(version)!, ct)]);
            return 0;
        }));

        var setDefault = new Command("set-default", "Make a READY version the model's default.") { model, version, url, key, format };
        setDefault.SetAction((parse, ct) => ServingCliOptions.RunAsync(async () =>
        {
            using var client = ServingCliOptions.Client(parse, url, key);
            Show(parse, format, [await client.SetDefaultAsync(parse.GetValue(model)!, parse.GetValue(version)!, ct)]);
            return 0;
        }));

        var label = new Option<string>("--label") { Description = "Label name, e.g. stable or canary.", Required = true };
        var labelVersion = new Option<string?>("--version") { Description = "Version the label points at (omit with --remove)." };
        var remove = new Option<bool>("--remove") { Description = "Remove the label." };
        var setLabel = new Command("label", "Point a label (stable, canary...) at a READY version, or remove it.") { model, label, labelVersion, remove, url, key };
        setLabel.SetAction((parse, ct) => ServingCliOptions.RunAsync(async () =>
        {
            string? target = parse.GetValue(labelVersion);
            if (parse.GetValue(remove) == (target is not null)) return ServingCliOptions.Fail("Give either --version or --remove.");
            using var client = ServingCliOptions.Client(parse, url, key);
            var updated = await client.SetLabelAsync(parse.GetValue(model)!, parse.GetValue(label)!, target, ct);
            Console.WriteLine($"Labels of '{updated.Name}': {string.Join(", ", updated.Labels.Select(l => $"{l.Key}→{l.Value}"))}");
            return 0;
        }));

        var delete = new Command("delete", "Delete a version (not the default unless it is the last).") { model, version, url, key };
        delete.SetAction((parse, ct) => ServingCliOptions.RunAsync(async () =>
        {
            using var client = ServingCliOptions.Client(parse, url, key);
            await client.DeleteVersionAsync(parse.GetValue(model)!, parse.GetValue(version)!, ct);
            Console.WriteLine($"Deleted version {parse.GetValue(version)} of '{parse.GetValue(model)}'.");
            return 0;
        }));

        foreach (var sub in new[] { create, list, describe, setDefault, setLabel, delete }) command.Subcommands.Add(sub);
        return command;
    }

    private static void Show<T>(ParseResult parse, Option<string> format, IReadOnlyList<T> items)
    {
        if (parse.GetValue(format) == "json") { ServingTables.WriteJson(items.Count == 1 ? (object)items[0]! : items); return; }
        switch (items)
        {
            case IReadOnlyList<Sluice.Serving.Http.ModelDto> models: ServingTables.Models(models); break;
            case IReadOnlyList<Sluice.Serving.Http.VersionDto> versions: ServingTables.Versions(versions); break;
        }
    }
}
