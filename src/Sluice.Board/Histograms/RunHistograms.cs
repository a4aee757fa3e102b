using Sluice.Events;

namespace Sluice.Board.Histograms;

/// <summary>
/// The histogram series of one run, by tag, with one open reader per event file positioned after the last record
/// read (each refresh reads only what was appended). Not thread-safe: <see cref="HistogramIndex"/> serialises access.
/// </summary>
internal sealed class RunHistograms(string name) : IDisposable
{
    private readonly Dictionary<string, List<HistogramPoint>> _series = new(StringComparer.Ordinal);
    private readonly Dictionary<string, EventFileReader> _readers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _brokenFiles = new(StringComparer.Ordinal);

    public string Name { get; } = name;

    /// <summary>Why part of this run could not be read; null when all is well.</summary>
    public string? Error { get; private set; }

    public IEnumerable<string> Tags => _series.Keys;

    public IReadOnlyList<HistogramPoint>? TryGetSeries(string tag) => _series.GetValueOrDefault(tag);

    /// <summary>Reads the histogram summaries appended to <paramref name="eventFiles"/> since the last call.</summary>
    public void Tail(IReadOnlyList<string> eventFiles)
    {
        foreach (string path in eventFiles)
        {
            if (_brokenFiles.Contains(path)) continue;
            try
            {
                if (!_readers.TryGetValue(path, out EventFileReader? reader))
                {
                    reader = new EventFileReader(path);
                    _readers.Add(path, reader);
                }
                while (reader.TryReadNext(out EventRecord? record))
                {
                    foreach (SummaryValue value in record.Values)
                    {
                        if (value.Histogram is not { } histogram) continue;
                        if (!_series.TryGetValue(value.Tag, out List<HistogramPoint>? series))
                            _series.Add(value.Tag, series = []);
                        series.Add(new HistogramPoint(record.Step, record.WallTime, histogram));
                    }
                }
            }
            catch (EventFileCorruptException ex)
            {
                MarkBroken(path, ex.Message); // keep what was read before the bad record
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                MarkBroken(path, $"Event file '{path}' could not be read: {ex.Message}");
            }
        }
    }

    private void MarkBroken(string path, string message)
    {
        _brokenFiles.Add(path);
        if (_readers.Remove(path, out EventFileReader? reader)) reader.Dispose();
        Error = Error is null ? message : $"{Error}\n{message}";
    }

    public void Dispose()
    {
        foreach (EventFileReader reader in _readers.Values) reader.Dispose();
        _readers.Clear();
    }
}
