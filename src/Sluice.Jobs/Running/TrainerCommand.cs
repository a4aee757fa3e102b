using System.Reflection;

namespace Sluice.Jobs.Running;

/// <summary>
/// How to start the <c>sluice</c> CLI for a job: the apphost itself, or <c>dotnet sluice.dll</c>. The engine runs
/// inside <c>sluice</c>, so by default a job is the very same program.
/// </summary>
public sealed record TrainerCommand(string FileName, IReadOnlyList<string> PrefixArguments)
{
    /// <summary>The running program: <c>Environment.ProcessPath</c>, plus the entry assembly when that is the <c>dotnet</c> host.</summary>
    public static TrainerCommand CurrentProcess()
    {
        string path = Environment.ProcessPath ?? throw new InvalidOperationException("the current process has no path.");
        if (Path.GetFileNameWithoutExtension(path) == "dotnet")
            return new TrainerCommand(path, [Assembly.GetEntryAssembly()?.Location ?? throw new InvalidOperationException("no entry assembly.")]);
        return new TrainerCommand(path, []);
    }

    /// <summary><c>dotnet &lt;sluiceDll&gt;</c>.</summary>
    public static TrainerCommand Dll(string sluiceDll) => new("dotnet", [sluiceDll]);

    public IReadOnlyList<string> With(params IEnumerable<string> arguments) => [.. PrefixArguments, .. arguments];
}
