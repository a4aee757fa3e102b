using System.Diagnostics;
using System.Globalization;

namespace Sluice.Jobs.Running;

/// <summary>
/// Runs each job as a child process of the engine, capturing stdout and stderr line by line into the job log.
/// Cancel kills the whole process tree. A child cannot be re-attached after an engine restart (its output pipes
/// died with the engine), so <see cref="Reattach"/> stops a survivor and lets the job be re-queued; training
/// resumes from the model dir's latest checkpoint.
/// </summary>
public sealed class LocalProcessBackend(int slots) : IJobBackend
{
    public string Name => "local";

    public int Slots { get; } = slots > 0 ? slots : throw new ArgumentOutOfRangeException(nameof(slots), "slots must be at least 1.");

    public Task<IRunningJob> StartAsync(JobLaunch launch, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(launch.FileName)
        {
            WorkingDirectory = launch.WorkingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        foreach (string argument in launch.Arguments) info.ArgumentList.Add(argument);
        if (launch.Environment is { } environment)
            foreach (var (key, value) in environment) info.Environment[key] = value;
        Directory.CreateDirectory(launch.WorkingDirectory);
        var log = new JobLog(launch.LogPath);
        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) log.Write("stdout", e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) log.Write("stderr", e.Data); };
        try
        {
            process.Start();
        }
        catch (Exception e) when (e is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            log.Write("engine", $"could not start {launch.FileName}: {e.Message}");
            log.Dispose();
            process.Dispose();
            throw new InvalidOperationException($"could not start '{launch.FileName}': {e.Message}", e);
        }
        process.StandardInput.Close();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        string handle = $"local:{process.Id.ToString(CultureInfo.InvariantCulture)}:{process.StartTime.ToUniversalTime().Ticks.ToString(CultureInfo.InvariantCulture)}";
        log.Write("engine", $"started {launch.FileName} {string.Join(' ', launch.Arguments)} (pid {process.Id})");
        return Task.FromResult<IRunningJob>(new LocalRunningJob(process, log, handle));
    }

    public IRunningJob? Reattach(string handle, JobLaunch launch)
    {
        if (FindSurvivor(handle) is { } survivor)
        {
            using (survivor)
            {
                try { survivor.Kill(entireProcessTree: true); survivor.WaitForExit(10_000); }
                catch (InvalidOperationException) { } // exited meanwhile
            }
            using var log = new JobLog(launch.LogPath);
            log.Write("engine", $"engine restarted: stopped the orphaned process {handle} (its output could not be re-attached)");
        }
        return null;
    }

    /// <summary>The process behind <paramref name="handle"/> if it is still the same process (pid and start time match).</summary>
    internal static Process? FindSurvivor(string handle)
    {
        string[] parts = handle.Split(':');
        if (parts is not ["local", var pidText, var ticksText]
            || !int.TryParse(pidText, CultureInfo.InvariantCulture, out int pid)
            || !long.TryParse(ticksText, CultureInfo.InvariantCulture, out long ticks)) return null;
        try
        {
            var process = Process.GetProcessById(pid);
            if (!process.HasExited && process.StartTime.ToUniversalTime().Ticks == ticks) return process;
            process.Dispose();
        }
        catch (ArgumentException) { } // no such process
        catch (InvalidOperationException) { }
        return null;
    }

    private sealed class LocalRunningJob : IRunningJob
    {
        private readonly Process _process;
        private readonly JobLog _log;

        public LocalRunningJob(Process process, JobLog log, string handle)
        {
            _process = process;
            _log = log;
            Handle = handle;
            Completion = WaitAsync();
        }

        public string Handle { get; }

        public Task<int> Completion { get; }

        public void Cancel()
        {
            try
            {
                _log.Write("engine", "cancel: killing the process tree");
                _process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException) { } // already exited
        }

        public void Detach() => Cancel();

        private async Task<int> WaitAsync()
        {
            try
            {
                await _process.WaitForExitAsync().ConfigureAwait(false); // also waits for the output pipes to drain
                int code = _process.ExitCode;
                _log.Write("engine", $"process exited with code {code}");
                return code;
            }
            finally
            {
                _log.Dispose();
                _process.Dispose();
            }
        }
    }
}
