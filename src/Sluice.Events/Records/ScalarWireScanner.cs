using System.Buffers.Binary;

namespace Sluice.Events.Records;

/// <summary>
/// Walks an <c>Event</c>'s protobuf wire bytes and hands every <c>simple_value</c> scalar to a sink, allocating
/// nothing. It is the dashboard's ingest fast path; <see cref="EventConversion"/> (Google.Protobuf) is its twin and
/// the fallback: <see cref="TryScan"/> returns false for anything it does not handle (TF2 tensor scalars,
/// malformed bytes), and the caller then parses the record the general way.
/// </summary>
internal static class ScalarWireScanner
{
    private const int Varint = 0, Fixed64 = 1, LengthDelimited = 2, Fixed32 = 5;

    public static bool TryScan<TSink>(ReadOnlySpan<byte> eventBytes, TSink sink) where TSink : IScalarSink
    {
        double wallTime = 0;
        long step = 0;
        ReadOnlySpan<byte> summary = default;
        bool hasSummary = false;
        int position = 0;
        while (position < eventBytes.Length)
        {
            if (!TryReadVarint(eventBytes, ref position, out ulong key)) return false;
            int field = (int)(key >> 3), wire = (int)(key & 7);
            if (field == 1 && wire == Fixed64)
            {
                if (eventBytes.Length - position < 8) return false;
                wallTime = BinaryPrimitives.ReadDoubleLittleEndian(eventBytes[position..]);
                position += 8;
            }
            else if (field == 2 && wire == Varint)
            {
                if (!TryReadVarint(eventBytes, ref position, out ulong raw)) return false;
                step = (long)raw;
            }
            else if (field == 5 && wire == LengthDelimited)
            {
                if (!TryReadLength(eventBytes, ref position, out summary)) return false;
                hasSummary = true;
            }
            else if (!TrySkip(eventBytes, ref position, wire)) return false;
        }
        if (!hasSummary) return true;

        // First pass validates every value so a record is either fully handled here or fully by the fallback.
        if (!ScanSummary(summary, sink, step, wallTime, emit: false)) return false;
        return ScanSummary(summary, sink, step, wallTime, emit: true);
    }

    private static bool ScanSummary<TSink>(ReadOnlySpan<byte> summary, TSink sink, long step, double wallTime, bool emit)
        where TSink : IScalarSink
    {
        int position = 0;
        while (position < summary.Length)
        {
            if (!TryReadVarint(summary, ref position, out ulong key)) return false;
            int field = (int)(key >> 3), wire = (int)(key & 7);
            if (field == 1 && wire == LengthDelimited)
            {
                if (!TryReadLength(summary, ref position, out ReadOnlySpan<byte> value)) return false;
                if (!ScanValue(value, sink, step, wallTime, emit)) return false;
            }
            else if (!TrySkip(summary, ref position, wire)) return false;
        }
        return true;
    }

    private static bool ScanValue<TSink>(ReadOnlySpan<byte> value, TSink sink, long step, double wallTime, bool emit)
        where TSink : IScalarSink
    {
        ReadOnlySpan<byte> tag = default, nodeName = default;
        float scalar = 0;
        bool hasScalar = false;
        int position = 0;
        while (position < value.Length)
        {
            if (!TryReadVarint(value, ref position, out ulong key)) return false;
            int field = (int)(key >> 3), wire = (int)(key & 7);
            switch (field)
            {
                case 1 when wire == LengthDelimited:
                    if (!TryReadLength(value, ref position, out tag)) return false;
                    break;
                case 7 when wire == LengthDelimited:
                    if (!TryReadLength(value, ref position, out nodeName)) return false;
                    break;
                case 2 when wire == Fixed32:
                    if (value.Length - position < 4) return false;
                    scalar = BinaryPrimitives.ReadSingleLittleEndian(value[position..]);
                    hasScalar = true;
                    position += 4;
                    break;
                case 8:
                    return false; // a TF2 tensor: may be a scalar, the general parser decides
                default:
                    if (!TrySkip(value, ref position, wire)) return false;
                    break;
            }
        }
        if (hasScalar && emit) sink.Add(tag.IsEmpty ? nodeName : tag, step, wallTime, scalar);
        return true;
    }

    private static bool TryReadVarint(ReadOnlySpan<byte> data, ref int position, out ulong result)
    {
        result = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            if (position >= data.Length) return false;
            byte b = data[position++];
            result |= (ulong)(b & 0x7F) << shift;
            if (b < 0x80) return true;
        }
        return false;
    }

    private static bool TryReadLength(ReadOnlySpan<byte> data, scoped ref int position, out ReadOnlySpan<byte> slice)
    {
        slice = default;
        if (!TryReadVarint(data, ref position, out ulong length) || length > (ulong)(data.Length - position)) return false;
        slice = data.Slice(position, (int)length);
        position += (int)length;
        return true;
    }

    private static bool TrySkip(ReadOnlySpan<byte> data, ref int position, int wire)
    {
        switch (wire)
        {
            case Varint: return TryReadVarint(data, ref position, out _);
            case Fixed64: position += 8; return position <= data.Length;
            case Fixed32: position += 4; return position <= data.Length;
            case LengthDelimited: return TryReadLength(data, ref position, out _);
            default: return false; // groups are not used by these messages
        }
    }
}
