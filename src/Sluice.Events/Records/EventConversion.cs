using System.Buffers.Binary;
using Sluice.Events.Protos;

namespace Sluice.Events.Records;

/// <summary>Maps wire messages to the public <see cref="EventRecord"/> shape.</summary>
internal static class EventConversion
{
    private static readonly IReadOnlyList<SummaryValue> NoValues = [];

    public static EventRecord ToRecord(Event e, long offset)
    {
        IReadOnlyList<SummaryValue> values = NoValues;
        if (e.WhatCase == Event.WhatOneofCase.Summary && e.Summary.Value.Count > 0)
        {
            var list = new SummaryValue[e.Summary.Value.Count];
            for (int i = 0; i < list.Length; i++) list[i] = ToValue(e.Summary.Value[i]);
            values = list;
        }
        string? fileVersion = e.WhatCase == Event.WhatOneofCase.FileVersion ? e.FileVersion : null;
        return new EventRecord(e.WallTime, e.Step, fileVersion, values, offset);
    }

    private static SummaryValue ToValue(Summary.Types.Value v)
    {
        string tag = v.Tag.Length > 0 ? v.Tag : v.NodeName;
        return v.ValueCase switch
        {
            Summary.Types.Value.ValueOneofCase.SimpleValue => new SummaryValue(tag, v.SimpleValue, null),
            Summary.Types.Value.ValueOneofCase.Histo => new SummaryValue(tag, null, ToHistogram(v.Histo)),
            Summary.Types.Value.ValueOneofCase.Tensor => new SummaryValue(tag, TryScalarFromTensor(v.Tensor), null),
            _ => new SummaryValue(tag, null, null),
        };
    }

    private static HistogramValue ToHistogram(HistogramProto h) =>
        new(h.Min, h.Max, h.Num, h.Sum, h.SumSquares, h.BucketLimit.ToArray(), h.Bucket.ToArray());

    /// <summary>TF2 writes a scalar as a rank-0 tensor, either in the typed repeated field or as raw content.</summary>
    private static float? TryScalarFromTensor(TensorProto t)
    {
        ReadOnlySpan<byte> content = t.TensorContent.Span;
        return t.Dtype switch
        {
            DataType.DtFloat when t.FloatVal.Count == 1 => t.FloatVal[0],
            DataType.DtFloat when content.Length == 4 => BinaryPrimitives.ReadSingleLittleEndian(content),
            DataType.DtDouble when t.DoubleVal.Count == 1 => (float)t.DoubleVal[0],
            DataType.DtDouble when content.Length == 8 => (float)BinaryPrimitives.ReadDoubleLittleEndian(content),
            DataType.DtInt32 when t.IntVal.Count == 1 => t.IntVal[0],
            DataType.DtInt64 when t.Int64Val.Count == 1 => t.Int64Val[0],
            _ => null,
        };
    }
}
