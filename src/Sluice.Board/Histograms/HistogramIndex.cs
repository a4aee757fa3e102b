using Sluice.Events.Runs;

namespace Sluice.Board.Histograms;

/// <summary>
/// Histogram summaries under a logdir, read on demand: the scalar ingest stays a lean wire scan, and only someone
/// opening the Histograms page pays for decoding histogram events. Each refresh tails the event files from where
/// the previous one stopped.
/// </summary>
internal sealed class HistogramIndex(string logdir) : IDisposable
{
    // A page asks once for the tags and then once per card: walking the directory tree for each of those requests
    // would be wasted work, so runs and files are rediscovered at most this often (appended records are read on
    // every request).
    private static readonly TimeSpan RediscoveryInterval = TimeSpan.FromSeconds(1);

    private readonly Dictionary<string, RunHistograms> _runs = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly System.Diagnostics.Stopwatch _sinceDiscovery = new();
    private IReadOnlyList<EventRun> _discovered = [];

    public string Logdir { get; } = Path.GetFullPath(logdir);

    /// <summary>Picks up new runs and appended events, then runs <paramref name="read"/> under the index's lock.</summary>
    /// <exception cref="DirectoryNotFoundException">The logdir does not exist.</exception>
    public T Read<T>(Func<IReadOnlyList<RunHistograms>, T> read)
    {
        lock (_gate)
        {
            if (!_sinceDiscovery.IsRunning || _sinceDiscovery.Elapsed >= RediscoveryInterval)
            {
                _discovered = RunDiscovery.Discover(Logdir);
                _sinceDiscovery.Restart();
            }
            foreach (EventRun found in _discovered)
            {
                if (!_runs.TryGetValue(found.Name, out RunHistograms? run)) _runs.Add(found.Name, run = new RunHistograms(found.Name));
                run.Tail(found.EventFiles);
            }
            var runs = _runs.Values.ToList();
            runs.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
            return read(runs);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            foreach (RunHistograms run in _runs.Values) run.Dispose();
        }
    }
}
