using System.Globalization;
using System.Text;
using Sluice.Jobs.Running;

namespace Sluice.Jobs.Slurm;

/// <summary>
/// Runs jobs on a Slurm cluster: <c>sbatch --parsable</c> a script that runs the job's command in its folder and
/// writes the exit code to <c>slurm.exitcode</c>; <c>scontrol show job</c> for the state; <c>scancel</c> to cancel.
/// stdout/stderr land in <c>slurm.out</c>/<c>slurm.err</c> and are copied line by line, time-stamped, into the job
/// log (the read offsets are saved, so after an engine restart the job is re-attached without losing or repeating
/// lines). Slurm does the queueing; <see cref="Slots"/> only bounds how many jobs this engine submits at once.
/// </summary>
public sealed class SlurmBackend(int slots, string? partition = null) : IJobBackend
{
    public string Name => "slurm";

    public int Slots { get; } = slots;

    public TimeSpan PollInterval { get; init; } = TimeSpan.FromMilliseconds(500);

    public Task<IRunningJob> StartAsync(JobLaunch launch, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(launch.WorkingDirectory);
        string script = Path.Combine(launch.WorkingDirectory, "slurm.sh");
        string exitFile = Path.Combine(launch.WorkingDirectory, "slurm.exitcode");
        File.Delete(exitFile);
        foreach (string name in new[] { "slurm.out", "slurm.err", "slurm.out.offset", "slurm.err.offset" }) File.Delete(Path.Combine(launch.WorkingDirectory, name));
        var text = new StringBuilder();
        text.AppendLine("#!/bin/bash");
        text.AppendLine($"#SBATCH --job-name={launch.JobId}");
        text.AppendLine($"#SBATCH --output={Path.Combine(launch.WorkingDirectory, "slurm.out")}");
        text.AppendLine($"#SBATCH --error={Path.Combine(launch.WorkingDirectory, "slurm.err")}");
        text.AppendLine($"#SBATCH --chdir={launch.WorkingDirectory}");
        text.AppendLine("#SBATCH --ntasks=1");
        if (partition is not null) text.AppendLine($"#SBATCH --partition={partition}");
        if (launch.Environment is { } environment)
            foreach (var (key, value) in environment) text.AppendLine($"export {key}={Quote(value)}");
        text.AppendLine(string.Join(' ', new[] { launch.FileName }.Concat(launch.Arguments).Select(Quote)));
        text.AppendLine("code=$?");
        text.AppendLine($"echo $code > {Quote(exitFile)}.tmp && mv {Quote(exitFile)}.tmp {Quote(exitFile)}");
        text.AppendLine("exit $code");
        File.WriteAllText(script, text.ToString());

        var (code, output, error) = SlurmCommands.Run("sbatch", "--parsable", script);
        if (code != 0) throw new InvalidOperationException($"sbatch failed (exit {code}): {error.Trim()}");
        string id = output.Trim().Split(';')[0];
        using (var log = new JobLog(launch.LogPath)) log.Write("engine", $"submitted to Slurm as job {id}");
        return Task.FromResult<IRunningJob>(new SlurmRunningJob(id, launch, PollInterval));
    }

    /// <summary>
    /// Re-attaches to the Slurm job behind <paramref name="handle"/> (or, with no handle — the engine died between
    /// sbatch and saving it —, to the pending or running job submitted for this launch, found by name and folder).
    /// Returns null only when the job has certainly ended without an exit code (Slurm no longer knows it) or was never
    /// submitted, so the engine can re-queue it without running it twice. When Slurm cannot be asked (controller busy
    /// or down) it re-attaches anyway: the watcher keeps asking, and a job that is still running is never started again.
    /// </summary>
    public IRunningJob? Reattach(string? handle, JobLaunch launch)
    {
        string? id = handle is null ? FindSubmitted(launch) : handle.StartsWith("slurm:", StringComparison.Ordinal) ? handle["slurm:".Length..] : null;
        if (id is null) return null;
        if (File.Exists(Path.Combine(launch.WorkingDirectory, "slurm.exitcode"))) return new SlurmRunningJob(id, launch, PollInterval);
        for (int attempt = 1; ; attempt++)
        {
            var status = SlurmCommands.Show(id);
            if (status.IsKnown) return new SlurmRunningJob(id, launch, PollInterval);
            if (status.IsGone) return null;
            if (attempt == ReattachAttempts)
            {
                using var log = new JobLog(launch.LogPath);
                log.Write("engine", $"could not ask Slurm about job {id} ({status.Error}); re-attached anyway so it never runs twice");
                return new SlurmRunningJob(id, launch, PollInterval);
            }
            Thread.Sleep(PollInterval);
        }
    }

    private const int ReattachAttempts = 5;

    /// <summary>The newest pending or running Slurm job named after the launch's job and running in its folder.</summary>
    private static string? FindSubmitted(JobLaunch launch)
    {
        var (code, output, _) = SlurmCommands.Run("squeue", "--noheader", "--name", launch.JobId, "--format", "%i %Z");
        if (code != 0) return null;
        string folder = Path.GetFullPath(launch.WorkingDirectory).TrimEnd('/');
        string? newest = null;
        foreach (string line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int space = line.IndexOf(' ');
            if (space > 0 && line[(space + 1)..].Trim().TrimEnd('/') == folder
                && (newest is null || long.Parse(line[..space], CultureInfo.InvariantCulture) > long.Parse(newest, CultureInfo.InvariantCulture)))
                newest = line[..space];
        }
        return newest;
    }

    private static string Quote(string value) => "'" + value.Replace("'", "'\\''") + "'";

    private sealed class SlurmRunningJob : IRunningJob
    {
        private readonly string _id;
        private readonly JobLaunch _launch;
        private readonly TimeSpan _poll;
        private readonly CancellationTokenSource _detached = new();

        public SlurmRunningJob(string id, JobLaunch launch, TimeSpan poll)
        {
            _id = id;
            _launch = launch;
            _poll = poll;
            Handle = $"slurm:{id}";
            Completion = Task.Run(WatchAsync);
        }

        public string Handle { get; }

        public Task<int> Completion { get; }

        public void Cancel()
        {
            var (code, _, error) = SlurmCommands.Run("scancel", _id);
            using var log = new JobLog(_launch.LogPath);
            log.Write("engine", code == 0 ? $"scancel {_id}" : $"scancel {_id} failed: {error.Trim()}");
        }

        public void Detach() => _detached.Cancel();

        private async Task<int> WatchAsync()
        {
            try { return await WatchUntilDoneAsync().ConfigureAwait(false); }
            catch (OperationCanceledException) { return -1; } // detached: the job runs on; the next engine re-attaches
        }

        private async Task<int> WatchUntilDoneAsync()
        {
            string exitFile = Path.Combine(_launch.WorkingDirectory, "slurm.exitcode");
            using var log = new JobLog(_launch.LogPath);
            int missing = 0;
            bool unreachable = false;
            while (true)
            {
                _detached.Token.ThrowIfCancellationRequested();
                Copy(log, "slurm.out", "stdout");
                Copy(log, "slurm.err", "stderr");
                if (File.Exists(exitFile) && int.TryParse(File.ReadAllText(exitFile).Trim(), CultureInfo.InvariantCulture, out int exit))
                {
                    Copy(log, "slurm.out", "stdout");
                    Copy(log, "slurm.err", "stderr");
                    log.Write("engine", $"Slurm job {_id} exited with code {exit}");
                    return exit;
                }
                var status = SlurmCommands.Show(_id);
                if (status.State is { } state && SlurmCommands.IsFinal(state))
                {
                    // Ended without writing its exit code: cancelled, timed out or killed (OOM).
                    await Task.Delay(_poll, _detached.Token).ConfigureAwait(false);
                    if (File.Exists(exitFile)) continue;
                    Copy(log, "slurm.out", "stdout");
                    Copy(log, "slurm.err", "stderr");
                    log.Write("engine", $"Slurm job {_id} ended {state}");
                    return status.ExitCode != 0 ? status.ExitCode : 137;
                }
                // Only Slurm's own "Invalid job id" counts as the job being gone; a busy or unreachable controller
                // says nothing about the job, so the watcher logs it once and keeps asking.
                missing = status.IsGone ? missing + 1 : 0;
                if (missing > 20)
                {
                    log.Write("engine", $"Slurm no longer knows job {_id} and it left no exit code");
                    return -1;
                }
                if (status.Error is { } error && !unreachable) log.Write("engine", $"cannot ask Slurm about job {_id} ({error}); still watching");
                unreachable = status.Error is not null;
                await Task.Delay(_poll, _detached.Token).ConfigureAwait(false);
            }
        }

        /// <summary>Copies the new whole lines of a Slurm output file into the job log, remembering the offset on disk.</summary>
        private void Copy(JobLog log, string fileName, string stream)
        {
            string path = Path.Combine(_launch.WorkingDirectory, fileName);
            if (!File.Exists(path)) return;
            string offsetPath = path + ".offset";
            long offset = File.Exists(offsetPath) && long.TryParse(File.ReadAllText(offsetPath), CultureInfo.InvariantCulture, out long o) ? o : 0;
            using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            if (file.Length <= offset) return;
            file.Position = offset;
            var bytes = new byte[file.Length - offset];
            file.ReadExactly(bytes);
            int end = Array.LastIndexOf(bytes, (byte)'\n') + 1;
            if (end == 0) return;
            foreach (string line in Encoding.UTF8.GetString(bytes, 0, end).Split('\n')[..^1]) log.Write(stream, line.TrimEnd('\r'));
            File.WriteAllText(offsetPath, (offset + end).ToString(CultureInfo.InvariantCulture));
        }
    }
}
