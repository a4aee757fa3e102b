using System.Diagnostics;
using Sluice.TestKit;

namespace Sluice.Jobs.Tests.Store;

/// <summary>
/// A real PostgreSQL server started once per test run by scripts/start-postgres.sh (cluster.md recipe). When it cannot
/// be started (not installed, not allowed), <see cref="SkipReason"/> says why and the PostgreSQL tests are skipped.
/// </summary>
internal static class PostgresServer
{
    private static readonly Lazy<(string? ConnectionString, string? Error)> Started = new(Start);

    public static string ConnectionString => Started.Value.ConnectionString ?? throw new InvalidOperationException(SkipReason);

    public static string? SkipReason => Started.Value.Error is { } error ? $"PostgreSQL could not be started by scripts/start-postgres.sh: {error}" : null;

    private static (string?, string?) Start()
    {
        try
        {
            var info = new ProcessStartInfo("bash", [RepoPaths.InRepo("scripts", "start-postgres.sh")]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(info)!;
            string output = process.StandardOutput.ReadToEnd();
            string error = process.StandardError.ReadToEnd();
            if (!process.WaitForExit(60_000)) { process.Kill(true); return (null, "timed out after 60 s"); }
            if (process.ExitCode != 0) return (null, $"exit code {process.ExitCode}: {error.Trim()}");
            string line = output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).LastOrDefault() ?? "";
            return line.StartsWith("Host=", StringComparison.Ordinal) ? (line, null) : (null, $"unexpected output '{output.Trim()}'");
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or IOException)
        {
            return (null, e.Message);
        }
    }
}

/// <summary>A fact that needs the PostgreSQL server; skipped with the reason when it cannot be started.</summary>
public sealed class PostgresFactAttribute : FactAttribute
{
    public PostgresFactAttribute()
    {
        if (PostgresServer.SkipReason is { } reason) Skip = reason;
    }
}
