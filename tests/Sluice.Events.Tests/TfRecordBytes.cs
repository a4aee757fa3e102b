using System.Buffers.Binary;
using Sluice.Events.Records;
using Sluice.Kernels.Checksums;

namespace Sluice.Events.Tests;

/// <summary>
/// An independent TFRecord splitter for tests: parses framing by hand and checks CRCs with the bit-at-a-time
/// CRC, so the writer is verified against something other than its own reader.
/// </summary>
internal static class TfRecordBytes
{
    public static List<(long Offset, byte[] Data)> Split(byte[] file)
    {
        var records = new List<(long, byte[])>();
        int position = 0;
        while (position < file.Length)
        {
            Assert.True(file.Length - position >= 12, $"truncated header at {position}");
            ulong length = BinaryPrimitives.ReadUInt64LittleEndian(file.AsSpan(position));
            uint lengthCrc = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(position + 8));
            Assert.Equal(Masked(Crc32CReference.Compute(file.AsSpan(position, 8))), lengthCrc);
            byte[] data = file.AsSpan(position + 12, (int)length).ToArray();
            uint dataCrc = BinaryPrimitives.ReadUInt32LittleEndian(file.AsSpan(position + 12 + (int)length));
            Assert.Equal(Masked(Crc32CReference.Compute(data)), dataCrc);
            records.Add((position, data));
            position += 12 + (int)length + 4;
        }
        return records;
    }

    public static byte[] Frame(byte[] data)
    {
        var framed = new byte[data.Length + 16];
        BinaryPrimitives.WriteUInt64LittleEndian(framed, (ulong)data.Length);
        BinaryPrimitives.WriteUInt32LittleEndian(framed.AsSpan(8), Masked(Crc32CReference.Compute(framed.AsSpan(0, 8))));
        data.CopyTo(framed, 12);
        BinaryPrimitives.WriteUInt32LittleEndian(framed.AsSpan(12 + data.Length), Masked(Crc32CReference.Compute(data)));
        return framed;
    }

    private static uint Masked(uint crc) => unchecked(((crc >> 15) | (crc << 17)) + 0xA282EAD8u);
}
