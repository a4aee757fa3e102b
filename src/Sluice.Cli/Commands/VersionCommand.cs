using System.CommandLine;
using System.Reflection;

namespace Sluice.Cli.Commands;

/// <summary><c>sluice version</c>: prints the version of the tool and of the runtime.</summary>
internal static class VersionCommand
{
    public static Command Create()
    {
        var command = new Command("version", "Print the Sluice and .NET versions.");
        command.SetAction(_ =>
        {
            string version = typeof(VersionCommand).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
            Console.WriteLine($"sluice {version} (.NET {Environment.Version})");
            return 0;
        });
        return command;
    }
}
