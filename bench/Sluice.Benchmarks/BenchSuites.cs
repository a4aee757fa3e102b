namespace Sluice.Benchmarks;

/// <summary>Helpers shared by the suites' command lines.</summary>
internal static class BenchSuites
{
    /// <summary>Suites whose name starts with '_' are internal (child processes) and not listed in the usage.</summary>
    public static bool IsPublic(string suite) => !suite.StartsWith('_');

    /// <summary>The value after <paramref name="name"/> in args, or <paramref name="fallback"/>.</summary>
    public static string Option(string[] args, string name, string fallback)
    {
        int at = Array.IndexOf(args, name);
        if (at < 0) return fallback;
        if (at + 1 >= args.Length) throw new ArgumentException($"{name} needs a value.");
        return args[at + 1];
    }

    /// <summary>Command line that starts this same benchmark program again (apphost or `dotnet Sluice.Benchmarks.dll`).</summary>
    public static (string FileName, List<string> Arguments) SelfCommand()
    {
        string host = Environment.ProcessPath ?? throw new InvalidOperationException("No process path.");
        var arguments = new List<string>();
        if (Path.GetFileNameWithoutExtension(host).Equals("dotnet", StringComparison.OrdinalIgnoreCase))
            arguments.Add(typeof(BenchSuites).Assembly.Location);
        return (host, arguments);
    }
}
