using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.Arm;
using System.Runtime.Intrinsics.X86;

namespace Sluice.Kernels.Checksums;

/// <summary>
/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78, init and final xor 0xFFFFFFFF): the checksum of TFRecord
/// framing (event files) and of checkpoint sections. Uses the CPU's CRC32C instruction (SSE4.2 on x64, CRC32 on
/// Arm64) and falls back to a slicing-by-8 table; <see cref="Crc32CReference"/> is the bit-at-a-time twin both are
/// tested against.
/// </summary>
public static class Crc32C
{
    internal const uint ReflectedPolynomial = 0x82F63B78u;

    /// <summary>The starting value of a running CRC fed with <see cref="Append"/>.</summary>
    public const uint Seed = 0xFFFF_FFFFu;

    // Slicing-by-8: Table[k][b] is the CRC of byte b followed by k zero bytes.
    private static readonly uint[] Table = BuildSlicingTable();

    /// <summary>CRC-32C of <paramref name="data"/>, using the fastest path this CPU supports.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Append(Seed, data));

    /// <summary>Feeds <paramref name="data"/> into a running (unfinished) CRC that started at <see cref="Seed"/>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        if (Sse42.X64.IsSupported) return UpdateSse42(crc, data);
        if (Crc32.Arm64.IsSupported) return UpdateArm64(crc, data);
        return UpdateTable(crc, data);
    }

    /// <summary>The finished checksum of a running CRC.</summary>
    public static uint Finish(uint crc) => ~crc;

    /// <summary>The portable slicing-by-8 path (what <see cref="Compute"/> uses without CRC instructions).</summary>
    public static uint ComputeTable(ReadOnlySpan<byte> data) => ~UpdateTable(~0u, data);

    private static uint UpdateSse42(uint crc, ReadOnlySpan<byte> data)
    {
        ulong state = crc;
        ReadOnlySpan<ulong> words = MemoryMarshal.Cast<byte, ulong>(data);
        foreach (ulong word in words)
            state = Sse42.X64.Crc32(state, BitConverter.IsLittleEndian ? word : BinaryPrimitives.ReverseEndianness(word));
        crc = (uint)state;
        foreach (byte b in data[(words.Length * 8)..])
            crc = Sse42.Crc32(crc, b);
        return crc;
    }

    private static uint UpdateArm64(uint crc, ReadOnlySpan<byte> data)
    {
        ReadOnlySpan<ulong> words = MemoryMarshal.Cast<byte, ulong>(data);
        foreach (ulong word in words)
            crc = Crc32.Arm64.ComputeCrc32C(crc, BitConverter.IsLittleEndian ? word : BinaryPrimitives.ReverseEndianness(word));
        foreach (byte b in data[(words.Length * 8)..])
            crc = Crc32.ComputeCrc32C(crc, b);
        return crc;
    }

    private static uint UpdateTable(uint crc, ReadOnlySpan<byte> data)
    {
        uint[] t = Table;
        int i = 0;
        for (; i + 8 <= data.Length; i += 8)
        {
            uint low = crc ^ BinaryPrimitives.ReadUInt32LittleEndian(data[i..]);
            uint high = BinaryPrimitives.ReadUInt32LittleEndian(data[(i + 4)..]);
            crc = t[7 * 256 + (low & 0xFF)] ^ t[6 * 256 + ((low >> 8) & 0xFF)] ^
                  t[5 * 256 + ((low >> 16) & 0xFF)] ^ t[4 * 256 + (low >> 24)] ^
                  t[3 * 256 + (high & 0xFF)] ^ t[2 * 256 + ((high >> 8) & 0xFF)] ^
                  t[1 * 256 + ((high >> 16) & 0xFF)] ^ t[high >> 24];
        }
        for (; i < data.Length; i++)
            crc = t[(crc ^ data[i]) & 0xFF] ^ (crc >> 8);
        return crc;
    }

    private static uint[] BuildSlicingTable()
    {
        var table = new uint[8 * 256];
        for (uint b = 0; b < 256; b++)
        {
            uint crc = b;
            for (int bit = 0; bit < 8; bit++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ ReflectedPolynomial : crc >> 1;
            table[b] = crc;
        }
        for (int k = 1; k < 8; k++)
        {
            for (int b = 0; b < 256; b++)
            {
                uint previous = table[(k - 1) * 256 + b];
                table[k * 256 + b] = (previous >> 8) ^ table[previous & 0xFF];
            }
        }
        return table;
    }
}
