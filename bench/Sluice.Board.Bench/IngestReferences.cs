using System.Diagnostics;
using Sluice.Events;

namespace Sluice.Board.Bench;

/// <summary>
/// The references first paint is compared with, measured in the same run over the same files: reading the bytes
/// (the I/O floor), parsing every event with Google.Protobuf (the general path), and the board's allocation-free
/// scalar scan. All single-threaded, page cache warm.
/// </summary>
internal static class IngestReferences
{
    private sealed class CountingSink : IScalarSink
    {
        public long Scalars;
        public double Checksum;

        public void Add(ReadOnlySpan<byte> tagUtf8, long step, double wallTime, float value)
        {
            Scalars++;
            Checksum += value;
        }
    }

    public static (double Seconds, long Bytes) ReadBytes(string[] files)
    {
        var clock = Stopwatch.StartNew();
        long bytes = 0;
        var buffer = new byte[1 << 20];
        foreach (string file in files)
        {
            using var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, FileOptions.SequentialScan);
            int read;
            while ((read = stream.Read(buffer)) > 0) bytes += read;
        }
        return (clock.Elapsed.TotalSeconds, bytes);
    }

    public static (double Seconds, long Scalars) GeneralParser(string[] files)
    {
        var clock = Stopwatch.StartNew();
        long scalars = 0;
        foreach (string file in files)
        {
            using var reader = new EventFileReader(file);
            while (reader.TryReadNext(out EventRecord? record))
                foreach (SummaryValue value in record.Values)
                    if (value.Scalar.HasValue) scalars++;
        }
        return (clock.Elapsed.TotalSeconds, scalars);
    }

    public static (double Seconds, long Scalars) ScalarScan(string[] files)
    {
        var clock = Stopwatch.StartNew();
        var sink = new CountingSink();
        foreach (string file in files)
        {
            using var reader = new EventFileReader(file);
            reader.ReadScalars(sink);
        }
        return (clock.Elapsed.TotalSeconds, sink.Scalars);
    }
}
