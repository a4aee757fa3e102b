using System.Diagnostics;
using Sluice.TestKit;

namespace Sluice.Jobs.Tests.Slurm;

/// <summary>
/// A real single-node Slurm started once per run by scripts/start-slurm.sh (cluster.md recipe); SLURM_CONF is set for
/// this process so the backend's sbatch/scontrol/scancel (and the jobs they start) find it.
/// </summary>
internal static class SlurmCluster
{
    private static readonly Lazy<string?> Started = new(Start);

    public static string? SkipReason => Started.Value;

    private static string? Start()
    {
        try
        {
            var info = new ProcessStartInfo("bash", [RepoPaths.InRepo("scripts", "start-slurm.sh")]) { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(info)!;
            string output = process.StandardOutput.ReadToEnd(), error = process.StandardError.ReadToEnd();
            if (!process.WaitForExit(60_000)) { process.Kill(true); return "scripts/start-slurm.sh timed out"; }
            if (process.ExitCode != 0) return $"Slurm could not be started by scripts/start-slurm.sh (exit {process.ExitCode}): {error.Trim()}";
            Environment.SetEnvironmentVariable("SLURM_CONF", output.Trim().Split('\n')[^1].Trim());
            return null;
        }
        catch (System.ComponentModel.Win32Exception e) { return $"Slurm could not be started: {e.Message}"; }
    }
}

/// <summary>A fact that needs the Slurm cluster; skipped with the reason when it cannot be started.</summary>
public sealed class SlurmFactAttribute : FactAttribute
{
    public SlurmFactAttribute()
    {
        if (SlurmCluster.SkipReason is { } reason) Skip = reason;
    }
}
