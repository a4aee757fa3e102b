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
        string handle = $"local:{process.Id.ToString(CultureInfo.InvariantCulture)}:{StartStamp(process).ToString(CultureInfo.InvariantCulture)}";
        log.Write("engine", $"started {launch.FileName} {string.Join(' ', launch.Arguments)} (pid {process.Id})");
        return Task.FromResult<IRunningJob>(new LocalRunningJob(process, log, handle));
    }

    public IRunningJob? Reattach(string? handle, JobLaunch launch)
    {
        // By handle, and by job folder too: that finds a child started just before the engine died (no handle saved
        // yet), and it is a second net should a handle ever fail to match its process.
        var survivors = FindByJobFolder(launch.WorkingDirectory);
        if (handle is not null && FindSurvivor(handle) is { } byHandle)
        {
            if (survivors.Exists(p => p.Id == byHandle.Id)) byHandle.Dispose();
            else survivors.Add(byHandle);
        }
        foreach (var process in survivors)
        {
            using (process)
            {
                int pid = process.Id;
                try { process.Kill(entireProcessTree: true); process.WaitForExit(10_000); }
                catch (InvalidOperationException) { } // exited meanwhile
                using var log = new JobLog(launch.LogPath);
                log.Write("engine", $"engine restarted: stopped the orphaned process pid {pid} (its output could not be re-attached)");
            }
        }
        return null;
    }

    /// <summary>The environment variable every job process gets: its job folder, so an orphan is found even without a handle.</summary>
    public const string JobFolderVariable = "SLUICE_JOB_FOLDER";

    /// <summary>
    /// Processes whose environment has <see cref="JobFolderVariable"/> = <paramref name="folder"/> (Linux /proc): the
    /// child the engine started for this job but died before saving its handle. Only the topmost such process is
    /// returned (killing its tree stops the rest).
    /// </summary>
    internal static List<Process> FindByJobFolder(string folder)
    {
        var found = new List<Process>();
        if (!OperatingSystem.IsLinux()) return found;
        byte[] marker = System.Text.Encoding.UTF8.GetBytes($"{JobFolderVariable}={folder}\0");
        var pids = new HashSet<int>();
        foreach (string entry in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(entry), CultureInfo.InvariantCulture, out int pid) || pid == Environment.ProcessId) continue;
            try
            {
                if (HasEntry(File.ReadAllBytes(Path.Combine(entry, "environ")), marker)) pids.Add(pid);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // gone, or not ours to read
        }
        foreach (int pid in pids)
        {
            if (pids.Contains(ParentOf(pid))) continue; // its parent is a job process too: killed with that tree
            try { found.Add(Process.GetProcessById(pid)); }
            catch (ArgumentException) { } // exited meanwhile
        }
        return found;
    }

    /// <summary>Whether a NUL-separated <c>/proc/&lt;pid&gt;/environ</c> holds <paramref name="entry"/> (<c>NAME=value\0</c>) as a whole entry.</summary>
    private static bool HasEntry(ReadOnlySpan<byte> environment, ReadOnlySpan<byte> entry)
    {
        while (!environment.IsEmpty)
        {
            int end = environment.IndexOf((byte)0);
            if (end < 0) return false;
            if (environment[..(end + 1)].SequenceEqual(entry)) return true;
            environment = environment[(end + 1)..];
        }
        return false;
    }

    private static int ParentOf(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            // "pid (comm) S ppid ...": the fields after the parenthesised command name.
            string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            return int.Parse(fields[1], CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is IOException or FormatException or IndexOutOfRangeException) { return 0; }
    }

    /// <summary>
    /// When <paramref name="process"/> started, as a number every process reads the same: on Linux the starttime field
    /// of <c>/proc/&lt;pid&gt;/stat</c> (clock ticks since boot). <see cref="Process.StartTime"/> is no good for that: .NET
    /// derives it from the boot time as each process estimates it, which differs by milliseconds between processes, so
    /// a restarted engine never recognised its orphan by it. Elsewhere: the start time in whole seconds.
    /// </summary>
    internal static long StartStamp(Process process)
    {
        try
        {
            if (OperatingSystem.IsLinux())
            {
                string stat = File.ReadAllText($"/proc/{process.Id.ToString(CultureInfo.InvariantCulture)}/stat");
                // "pid (comm) state ppid ...": after the parenthesised command name, field 3 (state) is index 0, field 22 (starttime) index 19.
                return long.Parse(stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[19], CultureInfo.InvariantCulture);
            }
            return process.StartTime.ToUniversalTime().Ticks / TimeSpan.TicksPerSecond;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException) { return 0; } // already exited: matches no live process
    }

    /// <summary>The process behind <paramref name="handle"/> if it is still the same process (pid and start stamp match).</summary>
    internal static Process? FindSurvivor(string handle)
    {
        string[] parts = handle.Split(':');
        if (parts is not ["local", var pidText, var ticksText]
            || !int.TryParse(pidText, CultureInfo.InvariantCulture, out int pid)
            || !long.TryParse(ticksText, CultureInfo.InvariantCulture, out long ticks)) return null;
        try
        {
            var process = Process.GetProcessById(pid);
            if (!process.HasExited && StartStamp(process) == ticks) return process;
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
