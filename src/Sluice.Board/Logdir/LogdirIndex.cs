using System.Collections.Concurrent;
using Sluice.Events.Runs;

namespace Sluice.Board.Logdir;

/// <summary>
/// Everything the dashboard knows about a logdir: its runs and their series. <see cref="Reload"/> discovers new
/// runs and tails every event file from where the previous reload stopped, in parallel across runs.
/// </summary>
internal sealed class LogdirIndex : IDisposable
{
    private readonly ConcurrentDictionary<string, RunState> _runs = new(StringComparer.Ordinal);
    private int _reloads;

    public LogdirIndex(string logdir) => Logdir = Path.GetFullPath(logdir);

    public string Logdir { get; }

    /// <summary>Completed reloads; 0 while the first (possibly long) read of the logdir is still running.</summary>
    public int Reloads => Volatile.Read(ref _reloads);

    /// <summary>Runs whose files have been read so far during the current first load (for a progress line).</summary>
    public int RunsLoaded { get; private set; }

    /// <summary>Why the logdir itself cannot be read (e.g. it does not exist); null when it can.</summary>
    public string? Error { get; private set; }

    /// <summary>Runs sorted by name.</summary>
    public IReadOnlyList<RunState> Runs
    {
        get
        {
            var runs = _runs.Values.ToList();
            runs.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            return runs;
        }
    }

    public RunState? TryGetRun(string name) => _runs.TryGetValue(name, out RunState? run) ? run : null;

    public void Reload(CancellationToken cancellation = default)
    {
        IReadOnlyList<EventRun> discovered;
        try
        {
            discovered = RunDiscovery.Discover(Logdir);
            Error = null;
        }
        catch (DirectoryNotFoundException)
        {
            Error = $"The logdir '{Logdir}' does not exist (yet). Runs appear here once something writes event files under it.";
            Interlocked.Increment(ref _reloads);
            return;
        }

        int loaded = 0;
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount, CancellationToken = cancellation };
        Parallel.ForEach(discovered, parallel, found =>
        {
            RunState run = _runs.GetOrAdd(found.Name, _ => new RunState(found.Name, found.Directory));
            run.Tail(found.EventFiles);
            RunsLoaded = Interlocked.Increment(ref loaded);
        });
        Interlocked.Increment(ref _reloads);
    }

    public void Dispose()
    {
        foreach (RunState run in _runs.Values) run.Dispose();
    }
}
