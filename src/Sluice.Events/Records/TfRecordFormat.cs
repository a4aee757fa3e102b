using System.Buffers.Binary;

namespace Sluice.Events.Records;

/// <summary>
/// TFRecord framing, little-endian: uint64 length, uint32 masked CRC-32C of the 8 length bytes, the data, uint32
/// masked CRC-32C of the data.
/// </summary>
internal static class TfRecordFormat
{
    public const int HeaderSize = 12;
    public const int FooterSize = 4;
    public const int Overhead = HeaderSize + FooterSize;

    /// <summary>Records beyond this are treated as corruption: no event we write or read comes near it.</summary>
    public const long MaxRecordLength = 256L * 1024 * 1024;

    /// <summary>Writes header, data and footer into <paramref name="destination"/> (length ≥ data + 16).</summary>
    public static int Frame(ReadOnlySpan<byte> data, Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(destination, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[8..], MaskedCrc.Of(destination[..8]));
        data.CopyTo(destination[HeaderSize..]);
        BinaryPrimitives.WriteUInt32LittleEndian(destination[(HeaderSize + data.Length)..], MaskedCrc.Of(data));
        return data.Length + Overhead;
    }
}
