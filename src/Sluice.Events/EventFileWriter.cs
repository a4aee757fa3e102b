using System.Buffers;
using Google.Protobuf;
using Sluice.Events.Protos;
using Sluice.Events.Records;

namespace Sluice.Events;

/// <summary>
/// Writes a TensorBoard-compatible event file <c>events.out.tfevents.&lt;secs&gt;.&lt;host&gt;</c> in a directory.
/// Each event is framed in memory and handed to the OS in one append, so readers tailing the file see it at once
/// and a crash leaves at worst a torn last record. <see cref="Flush"/> also forces the data to disk.
/// Thread-safe: a training loop and its hooks may share one writer.
/// </summary>
public sealed class EventFileWriter : IDisposable
{
    /// <summary>The file_version TensorBoard expects in the first record.</summary>
    public const string FileVersion = "brain.Event:2";

    private readonly FileStream _file;
    private readonly Lock _gate = new();
    private bool _disposed;

    /// <param name="directory">Created when missing (e.g. a model dir, or its <c>eval/</c>).</param>
    /// <param name="fileSuffix">Appended to the file name, e.g. ".v2"; optional.</param>
    public EventFileWriter(string directory, string? fileSuffix = null)
    {
        Directory.CreateDirectory(directory);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        string host = SafeHostName();
        // Two writers in the same directory and second would collide (also across processes, hence CreateNew and
        // retry rather than an existence check); TensorBoard reads any *tfevents* name, so a suffix is harmless.
        string path = Path.Combine(directory, EventFileNames.Create(now.ToUnixTimeSeconds(), host, fileSuffix));
        for (int attempt = 1; ; attempt++)
        {
            try
            {
                // bufferSize 0: every Write is one append to the OS, never a partial record in a managed buffer.
                _file = new FileStream(path, FileMode.CreateNew, FileAccess.Write, FileShare.Read | FileShare.Delete, bufferSize: 0);
                break;
            }
            catch (IOException) when (File.Exists(path) && attempt < 1000)
            {
                path = Path.Combine(directory, EventFileNames.Create(now.ToUnixTimeSeconds(), host, $"{fileSuffix}.{Environment.ProcessId}.{attempt}"));
            }
        }
        FilePath = path;
        Append(new Event { WallTime = ToUnixSeconds(now), FileVersion = FileVersion });
    }

    /// <summary>Full path of the event file.</summary>
    public string FilePath { get; }

    /// <summary>Writes one scalar (TF1 <c>simple_value</c>, which TensorBoard's scalar dashboard shows).</summary>
    /// <param name="wallTime">Seconds since the Unix epoch; now when null.</param>
    public void WriteScalar(string tag, long step, float value, double? wallTime = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(tag);
        var summary = new Summary();
        summary.Value.Add(new Summary.Types.Value { Tag = tag, SimpleValue = value });
        Append(new Event { WallTime = wallTime ?? Now(), Step = step, Summary = summary });
    }

    /// <summary>Writes several scalars at one step as a single event (as an evaluation writes its metrics).</summary>
    public void WriteScalars(long step, IEnumerable<KeyValuePair<string, float>> values, double? wallTime = null)
    {
        var summary = new Summary();
        foreach ((string tag, float value) in values)
        {
            ArgumentException.ThrowIfNullOrEmpty(tag);
            summary.Value.Add(new Summary.Types.Value { Tag = tag, SimpleValue = value });
        }
        Append(new Event { WallTime = wallTime ?? Now(), Step = step, Summary = summary });
    }

    /// <summary>Writes a histogram of <paramref name="values"/> with TensorFlow's default buckets.</summary>
    public void WriteHistogram(string tag, long step, ReadOnlySpan<double> values, double? wallTime = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(tag);
        var summary = new Summary();
        summary.Value.Add(new Summary.Types.Value { Tag = tag, Histo = HistogramBuilder.Build(values) });
        Append(new Event { WallTime = wallTime ?? Now(), Step = step, Summary = summary });
    }

    /// <summary>Forces everything written so far to disk (fsync).</summary>
    public void Flush()
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            _file.Flush(flushToDisk: true);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _file.Flush(flushToDisk: true);
            _file.Dispose();
        }
    }

    private void Append(Event e)
    {
        int size = e.CalculateSize();
        byte[] buffer = ArrayPool<byte>.Shared.Rent(size + TfRecordFormat.Overhead);
        try
        {
            // Serialize straight into the payload slot, then write header and footer around it.
            Span<byte> framed = buffer.AsSpan(0, size + TfRecordFormat.Overhead);
            e.WriteTo(framed.Slice(TfRecordFormat.HeaderSize, size));
            TfRecordFormat.Frame(framed.Slice(TfRecordFormat.HeaderSize, size), framed);
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                _file.Write(framed);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private static double Now() => ToUnixSeconds(DateTimeOffset.UtcNow);

    private static double ToUnixSeconds(DateTimeOffset time) => (time - DateTimeOffset.UnixEpoch).Ticks / (double)TimeSpan.TicksPerSecond;

    private static string SafeHostName()
    {
        string host = Environment.MachineName;
        return string.IsNullOrWhiteSpace(host) ? "localhost" : host.Replace('/', '_').Replace('\\', '_');
    }
}
