using System.Diagnostics;

namespace Sluice.Jobs.Slurm;

/// <summary>Runs the Slurm command-line tools (sbatch, scontrol, scancel) and returns their output or a clear error.</summary>
internal static class SlurmCommands
{
    public static (int ExitCode, string Output, string Error) Run(string tool, params string[] arguments)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (string a in arguments) info.ArgumentList.Add(a);
        try
        {
            using var process = Process.Start(info)!;
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(30_000)) { process.Kill(true); return (-1, "", $"{tool} timed out after 30 s"); }
            return (process.ExitCode, output.Result, error.Result);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            return (-1, "", $"{tool} could not be started ({e.Message}); is Slurm installed (apt-get install slurm-wlm) and on PATH?");
        }
    }

    /// <summary>
    /// JobState and ExitCode from <c>scontrol show job &lt;id&gt; -o</c>. Slurm answering "Invalid job id" (it never
    /// knew the job, or purged it after MinJobAge) is <see cref="SlurmJobStatus.IsGone"/>; any other failure (the
    /// controller busy or down, a timeout) is <see cref="SlurmJobStatus.Error"/>, which says nothing about the job.
    /// </summary>
    public static SlurmJobStatus Show(string slurmJobId)
    {
        var (code, output, error) = Run("scontrol", "show", "job", slurmJobId, "-o");
        return Parse(code, output, error);
    }

    internal static SlurmJobStatus Parse(int exitCode, string output, string error)
    {
        if (exitCode != 0)
            return error.Contains("Invalid job id", StringComparison.OrdinalIgnoreCase)
                ? SlurmJobStatus.Gone
                : new SlurmJobStatus(null, 0, $"scontrol failed (exit {exitCode}): {error.Trim()}");
        string? state = null;
        int exit = 0;
        foreach (string field in output.Split([' ', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (field.StartsWith("JobState=", StringComparison.Ordinal)) state = field["JobState=".Length..];
            else if (field.StartsWith("ExitCode=", StringComparison.Ordinal) && int.TryParse(field["ExitCode=".Length..].Split(':')[0], out int e)) exit = e;
        }
        return state is null ? new SlurmJobStatus(null, 0, $"scontrol printed no JobState: '{output.Trim()}'") : new SlurmJobStatus(state, exit, null);
    }

    public static bool IsFinal(string state) => state is "COMPLETED" or "FAILED" or "CANCELLED" or "TIMEOUT" or "OUT_OF_MEMORY" or "NODE_FAIL" or "PREEMPTED" or "BOOT_FAIL" or "DEADLINE";
}
