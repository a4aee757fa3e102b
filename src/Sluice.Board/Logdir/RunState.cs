using System.Collections.Concurrent;
using System.Text;
using Sluice.Events;

namespace Sluice.Board.Logdir;

/// <summary>
/// One run: its scalar series by tag, and one open reader per event file positioned after the last record read,
/// so each reload reads only what was appended since (never the whole file again).
/// </summary>
internal sealed class RunState : IScalarSink, IDisposable
{
    private const int MaxStackTagLength = 256;
    private const int MaxCachedTags = 128;

    private readonly ConcurrentDictionary<string, ScalarSeries> _series = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ScalarSeries>.AlternateLookup<ReadOnlySpan<char>> _seriesBySpan;
    private readonly EventFileTails _files = new();
    private readonly Lock _tailGate = new();
    // Tags seen as UTF-8 bytes, so the hot path matches bytes instead of decoding a string per event.
    private readonly List<(byte[] Utf8, ScalarSeries Series)> _tagCache = [];
    private int _lastHit;

    public RunState(string name, string directory)
    {
        Name = name;
        Directory = directory;
        _seriesBySpan = _series.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public string Name { get; }

    public string Directory { get; }

    /// <summary>Why part of this run could not be read (a corrupt or vanished event file); null when all is well.</summary>
    public string? Error => _files.Error;

    /// <summary>Total points across tags, bumped on every append: clients redraw when it changes.</summary>
    public long Version { get; private set; }

    public IReadOnlyCollection<string> Tags => (IReadOnlyCollection<string>)_series.Keys;

    public ScalarSeries? TryGetSeries(string tag) => _series.TryGetValue(tag, out ScalarSeries? s) ? s : null;

    /// <summary>Reads what was appended to the run's event files since the last call.</summary>
    public void Tail(IReadOnlyList<string> eventFiles)
    {
        lock (_tailGate) _files.ReadAppended(eventFiles, this, static (reader, run) => reader.ReadScalars(run));
    }

    void IScalarSink.Add(ReadOnlySpan<byte> tagUtf8, long step, double wallTime, float value)
    {
        FindOrAdd(tagUtf8).Add(step, wallTime, value);
        Version++;
    }

    private ScalarSeries FindOrAdd(ReadOnlySpan<byte> tagUtf8)
    {
        // Files usually cycle through a few tags: try the last hit, then the next one, then the rest.
        int count = _tagCache.Count;
        for (int probe = 0; probe < count; probe++)
        {
            int index = (_lastHit + probe) % count;
            if (tagUtf8.SequenceEqual(_tagCache[index].Utf8))
            {
                _lastHit = index;
                return _tagCache[index].Series;
            }
        }
        ScalarSeries series = FindOrAddByName(tagUtf8);
        if (count < MaxCachedTags)
        {
            _tagCache.Add((tagUtf8.ToArray(), series));
            _lastHit = count;
        }
        return series;
    }

    private ScalarSeries FindOrAddByName(ReadOnlySpan<byte> tagUtf8)
    {
        int maxChars = Encoding.UTF8.GetMaxCharCount(tagUtf8.Length);
        Span<char> chars = maxChars <= MaxStackTagLength ? stackalloc char[MaxStackTagLength] : new char[maxChars];
        int length = Encoding.UTF8.GetChars(tagUtf8, chars);
        ReadOnlySpan<char> tag = chars[..length];
        if (!_seriesBySpan.TryGetValue(tag, out ScalarSeries? series))
        {
            string name = tag.ToString();
            series = _series.GetOrAdd(name, static n => new ScalarSeries(n));
        }
        return series;
    }


    public void Dispose()
    {
        lock (_tailGate) _files.Dispose();
    }
}
