using System.Globalization;
using System.Text;

namespace Sluice.Jobs.Running;

/// <summary>
/// A job's log: one line per captured output line, <c>2026-11-22T01:40:00.123Z stdout text</c> (stream is
/// <c>stdout</c>, <c>stderr</c> or <c>engine</c>). Appends are serialised and flushed per line so followers see them at once.
/// </summary>
public sealed class JobLog : IDisposable
{
    private readonly StreamWriter _writer;
    private readonly Lock _gate = new();

    public JobLog(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        FilePath = path;
        _writer = new StreamWriter(new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete), new UTF8Encoding(false));
    }

    public string FilePath { get; }

    public void Write(string stream, string line)
    {
        string stamp = DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
        lock (_gate)
        {
            _writer.Write(stamp);
            _writer.Write(' ');
            _writer.Write(stream);
            _writer.Write(' ');
            _writer.WriteLine(line);
            _writer.Flush();
        }
    }

    public void Dispose()
    {
        lock (_gate) _writer.Dispose();
    }

    /// <summary>The last <paramref name="count"/> lines of <paramref name="stream"/> (without stamps), for error messages.</summary>
    public static IReadOnlyList<string> Tail(string path, string stream, int count)
    {
        if (!File.Exists(path)) return [];
        var lines = new Queue<string>();
        using var reader = new StreamReader(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete));
        while (reader.ReadLine() is { } line)
        {
            int first = line.IndexOf(' ');
            int second = first < 0 ? -1 : line.IndexOf(' ', first + 1);
            if (second < 0 || line.AsSpan(first + 1, second - first - 1).SequenceEqual(stream) is false) continue;
            lines.Enqueue(line[(second + 1)..]);
            if (lines.Count > count) lines.Dequeue();
        }
        return [.. lines];
    }
}
