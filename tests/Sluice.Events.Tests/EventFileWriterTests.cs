using System.Text.RegularExpressions;
using Sluice.TestKit;

namespace Sluice.Events.Tests;

public sealed class EventFileWriterTests
{
    [Fact]
    public void File_name_follows_the_tensorboard_convention()
    {
        using var dir = new TempDirectory();
        long before = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        using var writer = new EventFileWriter(dir.Path);
        string name = Path.GetFileName(writer.FilePath);

        Match match = Regex.Match(name, @"^events\.out\.tfevents\.(\d{10})\.(.+)$");
        Assert.True(match.Success, name);
        long seconds = long.Parse(match.Groups[1].Value);
        Assert.InRange(seconds, before, DateTimeOffset.UtcNow.ToUnixTimeSeconds());
        Assert.Equal(Environment.MachineName, match.Groups[2].Value);
    }

    [Fact]
    public void Two_writers_in_one_directory_get_distinct_files()
    {
        using var dir = new TempDirectory();
        using var first = new EventFileWriter(dir.Path);
        using var second = new EventFileWriter(dir.Path);
        Assert.NotEqual(first.FilePath, second.FilePath);
        Assert.Equal(2, Directory.GetFiles(dir.Path).Length);
    }

    [Fact]
    public void Writers_created_concurrently_in_one_directory_never_share_a_file()
    {
        using var dir = new TempDirectory();
        var writers = new EventFileWriter[16];
        Parallel.For(0, writers.Length, i =>
        {
            writers[i] = new EventFileWriter(dir.Path);
            writers[i].WriteScalar("loss", i, i);
        });
        foreach (EventFileWriter w in writers) w.Dispose();

        Assert.Equal(writers.Length, writers.Select(w => w.FilePath).Distinct().Count());
        foreach (EventFileWriter w in writers)
        {
            List<EventRecord> events = EventFileReader.ReadFile(w.FilePath);
            Assert.Equal(2, events.Count); // file_version + its own scalar, nothing interleaved from another writer
        }
    }

    [Fact]
    public void Records_are_byte_valid_tfrecords_with_hand_checked_protobuf_payloads()
    {
        using var dir = new TempDirectory();
        string path;
        using (var writer = new EventFileWriter(dir.Path))
        {
            writer.WriteScalar("loss", step: 7, value: 0.25f, wallTime: 1.5);
            path = writer.FilePath;
        }

        var records = TfRecordBytes.Split(File.ReadAllBytes(path));
        Assert.Equal(2, records.Count);

        // First record: Event{wall_time (field 1, fixed64), file_version (field 3) = "brain.Event:2"}.
        byte[] first = records[0].Data;
        Assert.Equal(0x09, first[0]);
        Assert.Equal([0x1A, 13, .. "brain.Event:2"u8], first[9..]);

        // Second: Event{wall_time = 1.5, step (2) = 7, summary (5) {value (1) {tag (1) = "loss", simple_value (2) = 0.25f}}}.
        byte[] expected =
        [
            0x09, .. BitConverter.GetBytes(1.5),
            0x10, 7,
            0x2A, 13, 0x0A, 11, 0x0A, 4, .. "loss"u8, 0x15, .. BitConverter.GetBytes(0.25f),
        ];
        Assert.Equal(expected, records[1].Data);
    }

    [Fact]
    public void Scalars_round_trip_through_the_reader()
    {
        using var dir = new TempDirectory();
        string path;
        using (var writer = new EventFileWriter(dir.Path))
        {
            for (int step = 0; step < 100; step++)
                writer.WriteScalar("loss", step, 1f / (step + 1), wallTime: 1_700_000_000 + step * 0.5);
            writer.WriteScalars(100, [new("accuracy", 0.85f), new("auc", 0.9f)], wallTime: 1_700_000_100.25);
            path = writer.FilePath;
        }

        List<EventRecord> events = EventFileReader.ReadFile(path);
        Assert.Equal(102, events.Count);
        Assert.Equal(EventFileWriter.FileVersion, events[0].FileVersion);
        Assert.Empty(events[0].Values);
        for (int step = 0; step < 100; step++)
        {
            EventRecord e = events[step + 1];
            Assert.Equal(step, e.Step);
            Assert.Equal(1_700_000_000 + step * 0.5, e.WallTime);
            SummaryValue value = Assert.Single(e.Values);
            Assert.Equal("loss", value.Tag);
            Assert.Equal(1f / (step + 1), value.Scalar);
        }
        EventRecord eval = events[101];
        Assert.Equal(100, eval.Step);
        Assert.Equal(["accuracy", "auc"], eval.Values.Select(v => v.Tag));
        Assert.Equal([0.85f, 0.9f], eval.Values.Select(v => v.Scalar!.Value));
    }

    [Fact]
    public void Default_wall_time_is_now()
    {
        using var dir = new TempDirectory();
        double before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        string path;
        using (var writer = new EventFileWriter(dir.Path))
        {
            writer.WriteScalar("loss", 1, 2f);
            path = writer.FilePath;
        }
        double after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        EventRecord e = EventFileReader.ReadFile(path)[1];
        Assert.InRange(e.WallTime, before - 0.001, after + 0.001);
    }

    [Fact]
    public void Histogram_counts_every_value_in_the_bucket_that_holds_it()
    {
        using var dir = new TempDirectory();
        double[] values = [-3.0, -0.5, 0.0, 0.0, 0.001, 1.0, 1.0, 2.5, 100.0];
        string path;
        using (var writer = new EventFileWriter(dir.Path))
        {
            writer.WriteHistogram("dnn/weights", 5, values);
            path = writer.FilePath;
        }

        HistogramValue h = Assert.Single(EventFileReader.ReadFile(path)[1].Values).Histogram!;
        Assert.Equal(-3.0, h.Min);
        Assert.Equal(100.0, h.Max);
        Assert.Equal(values.Length, h.Count);
        Assert.Equal(values.Sum(), h.Sum, 9);
        Assert.Equal(values.Sum(v => v * v), h.SumSquares, 9);
        Assert.Equal(values.Length, h.BucketCounts.Sum());
        for (int i = 1; i < h.BucketLimits.Count; i++) Assert.True(h.BucketLimits[i] > h.BucketLimits[i - 1]);

        // Every value v lies in (limit[i-1], limit[i]] of a bucket with a count, i.e. counts match a direct tally.
        for (int i = 0; i < h.BucketLimits.Count; i++)
        {
            double low = i == 0 ? double.NegativeInfinity : h.BucketLimits[i - 1];
            int inside = values.Count(v => v >= low && v < h.BucketLimits[i]);
            Assert.Equal(inside, h.BucketCounts[i]);
        }
    }

    [Fact]
    public void Writing_after_dispose_is_refused()
    {
        using var dir = new TempDirectory();
        var writer = new EventFileWriter(dir.Path);
        writer.Dispose();
        Assert.Throws<ObjectDisposedException>(() => writer.WriteScalar("loss", 1, 1f));
    }
}
