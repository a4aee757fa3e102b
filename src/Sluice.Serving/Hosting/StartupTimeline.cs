using System.Diagnostics;

namespace Sluice.Serving.Hosting;

/// <summary>
/// When each phase of a server's start-up ended, in milliseconds since the process started (so runtime start-up and
/// command-line parsing show up as the first phase). Cheap enough to record always; printed on request.
/// </summary>
public sealed class StartupTimeline
{
    private readonly DateTime _processStart = Process.GetCurrentProcess().StartTime.ToUniversalTime();
    private readonly List<(string Phase, double Milliseconds)> _marks = [];
    private readonly Lock _gate = new();

    public StartupTimeline() => Mark("runtime started, command line parsed");

    /// <summary>Records that <paramref name="phase"/> ended now.</summary>
    public void Mark(string phase)
    {
        double ms = (DateTime.UtcNow - _processStart).TotalMilliseconds;
        lock (_gate) _marks.Add((phase, ms));
    }

    /// <summary>Each phase with the time it ended and how long it took since the previous mark.</summary>
    public IReadOnlyList<(string Phase, double EndedAtMilliseconds, double TookMilliseconds)> Phases
    {
        get
        {
            lock (_gate)
            {
                var phases = new List<(string, double, double)>(_marks.Count);
                double previous = 0;
                foreach (var (phase, ms) in _marks)
                {
                    phases.Add((phase, ms, ms - previous));
                    previous = ms;
                }
                return phases;
            }
        }
    }
}
