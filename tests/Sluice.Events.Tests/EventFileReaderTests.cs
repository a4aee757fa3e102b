using Google.Protobuf;
using Sluice.Events.Protos;
using Sluice.TestKit;

namespace Sluice.Events.Tests;

public sealed class EventFileReaderTests
{
    private static string WriteLossFile(string directory, int steps)
    {
        using var writer = new EventFileWriter(directory);
        for (int step = 1; step <= steps; step++) writer.WriteScalar("loss", step, step * 0.5f, wallTime: 1000 + step);
        return writer.FilePath;
    }

    [Fact]
    public void A_torn_last_record_is_dropped_and_the_rest_read_at_every_cut_point()
    {
        using var dir = new TempDirectory();
        string path = WriteLossFile(dir.Path, 3);
        byte[] whole = File.ReadAllBytes(path);
        long lastStart = TfRecordBytes.Split(whole)[^1].Offset;

        // Cut inside the header, inside the data, and inside the footer of the last record.
        for (long cut = lastStart + 1; cut < whole.Length; cut++)
        {
            File.WriteAllBytes(path, whole[..(int)cut]);
            using var reader = new EventFileReader(path);
            List<EventRecord> events = reader.ReadAvailable();
            Assert.Equal(3, events.Count); // file_version + steps 1 and 2
            Assert.Equal([1L, 2L], events.Skip(1).Select(e => e.Step));
            Assert.True(reader.HasIncompleteTail);
            Assert.Equal(lastStart, reader.Offset);
        }
    }

    [Fact]
    public void A_clean_end_is_not_reported_as_a_torn_tail()
    {
        using var dir = new TempDirectory();
        string path = WriteLossFile(dir.Path, 2);
        using var reader = new EventFileReader(path);
        Assert.Equal(3, reader.ReadAvailable().Count);
        Assert.False(reader.HasIncompleteTail);
        Assert.Equal(new FileInfo(path).Length, reader.Offset);
    }

    [Fact]
    public void Tailing_reads_only_what_was_appended_and_resumes_a_partial_record()
    {
        using var dir = new TempDirectory();
        using var writer = new EventFileWriter(dir.Path);
        writer.WriteScalar("loss", 1, 1f, wallTime: 1);

        using var reader = new EventFileReader(writer.FilePath);
        Assert.Equal(2, reader.ReadAvailable().Count);
        Assert.Empty(reader.ReadAvailable());

        writer.WriteScalar("loss", 2, 2f, wallTime: 2);
        writer.WriteScalar("loss", 3, 3f, wallTime: 3);
        Assert.Equal([2L, 3L], reader.ReadAvailable().Select(e => e.Step));

        // A new reader started from the saved offset sees only later events.
        long saved = reader.Offset;
        writer.WriteScalar("loss", 4, 4f, wallTime: 4);
        using (var resumed = new EventFileReader(writer.FilePath, saved))
            Assert.Equal([4L], resumed.ReadAvailable().Select(e => e.Step));
        Assert.Equal([4L], reader.ReadAvailable().Select(e => e.Step));
        writer.Dispose();

        // A record arriving in two pieces: first half, then the rest.
        var e5 = new Event { WallTime = 5, Step = 5, Summary = new Summary { Value = { new Summary.Types.Value { Tag = "loss", SimpleValue = 5f } } } };
        byte[] framed = TfRecordBytes.Frame(e5.ToByteArray());
        using (var append = new FileStream(writer.FilePath, FileMode.Append)) append.Write(framed, 0, 10);
        Assert.Empty(reader.ReadAvailable());
        Assert.True(reader.HasIncompleteTail);
        using (var append = new FileStream(writer.FilePath, FileMode.Append)) append.Write(framed, 10, framed.Length - 10);
        EventRecord last = Assert.Single(reader.ReadAvailable());
        Assert.Equal(5, last.Step);
        Assert.Equal(5f, last.Values[0].Scalar);
        Assert.False(reader.HasIncompleteTail);
    }

    [Fact]
    public void A_corrupted_data_byte_is_reported_with_the_file_and_record_offset()
    {
        using var dir = new TempDirectory();
        string path = WriteLossFile(dir.Path, 3);
        byte[] bytes = File.ReadAllBytes(path);
        long second = TfRecordBytes.Split(bytes)[2].Offset;
        bytes[second + 14] ^= 0x01;
        File.WriteAllBytes(path, bytes);

        using var reader = new EventFileReader(path);
        Assert.True(reader.TryReadNext(out _));
        Assert.True(reader.TryReadNext(out _));
        var error = Assert.Throws<EventFileCorruptException>(() => reader.TryReadNext(out _));
        Assert.Equal(path, error.FilePath);
        Assert.Equal(second, error.Offset);
        Assert.Contains(path, error.Message);
        Assert.Contains($"offset {second}", error.Message);
        Assert.Contains("CRC of the record data", error.Message);
    }

    [Fact]
    public void A_corrupted_length_is_reported_as_a_length_crc_mismatch()
    {
        using var dir = new TempDirectory();
        string path = WriteLossFile(dir.Path, 1);
        byte[] bytes = File.ReadAllBytes(path);
        long offset = TfRecordBytes.Split(bytes)[1].Offset;
        bytes[offset] ^= 0x04;
        File.WriteAllBytes(path, bytes);

        using var reader = new EventFileReader(path);
        Assert.True(reader.TryReadNext(out _));
        var error = Assert.Throws<EventFileCorruptException>(() => reader.TryReadNext(out _));
        Assert.Equal(offset, error.Offset);
        Assert.Contains("CRC of the record length", error.Message);
    }

    [Fact]
    public void A_valid_frame_that_is_not_an_event_is_reported()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("events.out.tfevents.1700000000.test");
        File.WriteAllBytes(path, TfRecordBytes.Frame([0xFF, 0xFF, 0xFF]));
        using var reader = new EventFileReader(path);
        var error = Assert.Throws<EventFileCorruptException>(() => reader.TryReadNext(out _));
        Assert.Equal(0, error.Offset);
        Assert.Contains("not a valid Event", error.Message);
    }

    [Fact]
    public void Tf2_tensor_scalars_are_read_as_scalars()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("events.out.tfevents.1700000000.test.v2");
        var scalarMetadata = new SummaryMetadata { PluginData = new SummaryMetadata.Types.PluginData { PluginName = "scalars" } };
        var fromFloatVal = new Summary.Types.Value { Tag = "loss", Metadata = scalarMetadata, Tensor = new TensorProto { Dtype = DataType.DtFloat, FloatVal = { 0.75f } } };
        var fromContent = new Summary.Types.Value
        {
            Tag = "accuracy", Metadata = scalarMetadata,
            Tensor = new TensorProto { Dtype = DataType.DtDouble, TensorContent = ByteString.CopyFrom(BitConverter.GetBytes(0.5)) },
        };
        var e = new Event { WallTime = 10, Step = 3, Summary = new Summary { Value = { fromFloatVal, fromContent } } };
        File.WriteAllBytes(path, TfRecordBytes.Frame(e.ToByteArray()));

        EventRecord read = Assert.Single(EventFileReader.ReadFile(path));
        Assert.Equal(0.75f, read.Values[0].Scalar);
        Assert.Equal(0.5f, read.Values[1].Scalar);
    }

    [Fact]
    public void Large_records_that_exceed_the_read_buffer_round_trip()
    {
        using var dir = new TempDirectory();
        var values = new double[200_000];
        for (int i = 0; i < values.Length; i++) values[i] = Math.Sin(i) * i;
        string path;
        using (var writer = new EventFileWriter(dir.Path))
        {
            writer.WriteHistogram("big", 1, values);
            writer.WriteScalar(new string('t', 100_000), 2, 1f);
            path = writer.FilePath;
        }
        List<EventRecord> events = EventFileReader.ReadFile(path);
        Assert.Equal(3, events.Count);
        Assert.Equal(values.Length, events[1].Values[0].Histogram!.Count);
        Assert.Equal(100_000, events[2].Values[0].Tag.Length);
    }
}
