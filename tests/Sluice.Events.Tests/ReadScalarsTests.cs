using System.Text;
using Google.Protobuf;
using Sluice.Events.Protos;
using Sluice.Events.Records;
using Sluice.TestKit;

namespace Sluice.Events.Tests;

/// <summary>The allocation-free scalar scan is held to its twin: Google.Protobuf parsing via ReadAvailable.</summary>
public sealed class ReadScalarsTests
{
    private sealed class CollectingSink : IScalarSink
    {
        public List<(string Tag, long Step, double WallTime, float Value)> Scalars { get; } = [];

        public void Add(ReadOnlySpan<byte> tagUtf8, long step, double wallTime, float value) =>
            Scalars.Add((Encoding.UTF8.GetString(tagUtf8), step, wallTime, value));
    }

    private static List<(string, long, double, float)> ViaGeneralParser(string path) =>
        EventFileReader.ReadFile(path)
            .SelectMany(e => e.Values.Where(v => v.Scalar.HasValue).Select(v => (v.Tag, e.Step, e.WallTime, v.Scalar!.Value)))
            .ToList();

    [Fact]
    public void Scan_matches_the_general_parser_on_mixed_events()
    {
        using var dir = new TempDirectory();
        string path;
        var random = new Random(3);
        using (var writer = new EventFileWriter(dir.Path))
        {
            for (int step = 0; step < 300; step++)
            {
                writer.WriteScalar("loss", step, (float)random.NextDouble(), wallTime: 1_700_000_000 + step * 0.37);
                if (step % 10 == 0) writer.WriteScalars(step, [new("eval/accuracy", step / 300f), new("auc_précision", -step)]);
                if (step % 50 == 0) writer.WriteHistogram("weights", step, [1.0, 2.0, (double)step]);
            }
            writer.WriteScalar("zero", long.MaxValue, 0f, wallTime: 0);
            writer.WriteScalar("nan", -5, float.NaN);
            path = writer.FilePath;
        }
        // TF2-style tensor scalars and a node_name-only value go through the fallback.
        var tensor = new Summary.Types.Value { Tag = "tf2/loss", Tensor = new TensorProto { Dtype = DataType.DtFloat, FloatVal = { 1.25f } } };
        var nodeOnly = new Summary.Types.Value { NodeName = "legacy", SimpleValue = 4f };
        var e = new Event { WallTime = 5, Step = 9, Summary = new Summary { Value = { tensor, nodeOnly } } };
        File.AppendAllBytes(path, TfRecordBytes.Frame(e.ToByteArray()));

        var sink = new CollectingSink();
        using var reader = new EventFileReader(path);
        int records = reader.ReadScalars(sink);

        var expected = ViaGeneralParser(path);
        Assert.Equal(expected.Count, sink.Scalars.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            Assert.Equal(expected[i], sink.Scalars[i]);
        }
        Assert.Contains(("tf2/loss", 9L, 5.0, 1.25f), sink.Scalars);
        Assert.Contains(("legacy", 9L, 5.0, 4f), sink.Scalars);
        Assert.Equal(EventFileReader.ReadFile(path).Count, records);
        Assert.Equal(new FileInfo(path).Length, reader.Offset);
    }

    [Fact]
    public void Scan_accepts_a_truncated_event_only_when_the_general_parser_agrees_with_it()
    {
        var e = new Event { WallTime = 1, Step = 2, Summary = new Summary { Value = { new Summary.Types.Value { Tag = "loss", SimpleValue = 1f } } } };
        byte[] bytes = e.ToByteArray();
        var whole = new CollectingSink();
        Assert.True(ScalarWireScanner.TryScan(bytes, whole));
        Assert.Equal([("loss", 2L, 1.0, 1f)], whole.Scalars);

        for (int cut = 1; cut < bytes.Length; cut++)
        {
            var partial = new CollectingSink();
            if (!ScalarWireScanner.TryScan(bytes.AsSpan(0, cut), partial))
            {
                Assert.Empty(partial.Scalars);
                continue;
            }
            // Accepted: the cut fell between fields, so the prefix is itself a valid (smaller) Event.
            Event parsed = Event.Parser.ParseFrom(bytes.AsSpan(0, cut));
            Assert.Empty(partial.Scalars);
            Assert.Equal(Event.WhatOneofCase.None, parsed.WhatCase);
        }
    }

    [Fact]
    public void Scan_tails_like_the_record_reader()
    {
        using var dir = new TempDirectory();
        using var writer = new EventFileWriter(dir.Path);
        using var reader = new EventFileReader(writer.FilePath);
        var sink = new CollectingSink();
        writer.WriteScalar("loss", 1, 1f, wallTime: 1);
        Assert.Equal(2, reader.ReadScalars(sink));
        writer.WriteScalar("loss", 2, 2f, wallTime: 2);
        Assert.Equal(1, reader.ReadScalars(sink));
        Assert.Equal([1L, 2L], sink.Scalars.Select(s => s.Step));
    }
}
