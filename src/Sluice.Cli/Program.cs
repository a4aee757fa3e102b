using System.CommandLine;
using Sluice.Cli.Commands;

// The `sluice` command: a table of contents of the command groups. Each group lives in Commands/<Group>Commands.cs.
var root = new RootCommand("Sluice: train, evaluate, export and serve models on tabular data, all in .NET.");
root.Subcommands.Add(VersionCommand.Create());
root.Subcommands.Add(QuickstartCommand.Create());
foreach (var command in TrainCommands.Create()) root.Subcommands.Add(command);
root.Subcommands.Add(DataCommands.Create());
root.Subcommands.Add(BoardCommands.Create());
root.Subcommands.Add(ServeCommands.Create());
root.Subcommands.Add(KeysCommands.Create());
root.Subcommands.Add(ModelsCommands.CreateModels());
root.Subcommands.Add(ModelsCommands.CreateVersions());
root.Subcommands.Add(PredictCommand.Create());
root.Subcommands.Add(EngineCommands.Create());
root.Subcommands.Add(JobsCommands.Create());

return await root.Parse(args).InvokeAsync();
