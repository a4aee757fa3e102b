using Sluice.Board.Logdir;
using Sluice.Events;

namespace Sluice.Board.Histograms;

/// <summary>
/// The histogram series of one run, by tag, with one open reader per event file positioned after the last record
/// read (each refresh reads only what was appended). Not thread-safe: <see cref="HistogramIndex"/> serialises access.
/// </summary>
internal sealed class RunHistograms(string name) : IDisposable
{
    private readonly Dictionary<string, List<HistogramPoint>> _series = new(StringComparer.Ordinal);
    private readonly EventFileTails _files = new();

    public string Name { get; } = name;

    /// <summary>Why part of this run could not be read; null when all is well.</summary>
    public string? Error => _files.Error;

    public IEnumerable<string> Tags => _series.Keys;

    public IReadOnlyList<HistogramPoint>? TryGetSeries(string tag) => _series.GetValueOrDefault(tag);

    /// <summary>Reads the histogram summaries appended to <paramref name="eventFiles"/> since the last call.</summary>
    public void Tail(IReadOnlyList<string> eventFiles) => _files.ReadAppended(eventFiles, _series, static (reader, series) =>
    {
        while (reader.TryReadNext(out EventRecord? record))
        {
            foreach (SummaryValue value in record.Values)
            {
                if (value.Histogram is not { } histogram) continue;
                if (!series.TryGetValue(value.Tag, out List<HistogramPoint>? points))
                    series.Add(value.Tag, points = []);
                points.Add(new HistogramPoint(record.Step, record.WallTime, histogram));
            }
        }
    });

    public void Dispose() => _files.Dispose();
}
