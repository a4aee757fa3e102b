using System.Numerics;
using System.Runtime.InteropServices;

namespace Sluice.Learning.Checkpoints;

/// <summary>
/// CRC-32C (Castagnoli), the checksum TFRecord and TF checkpoints use. <see cref="BitOperations.Crc32C(uint, ulong)"/>
/// uses the SSE4.2/ARM instruction when there is one and a table otherwise.
/// </summary>
internal static class Crc32C
{
    public const uint Seed = 0xFFFF_FFFFu;

    /// <summary>Feeds <paramref name="data"/> into a running (unfinalised) CRC that started at <see cref="Seed"/>.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data)
    {
        ReadOnlySpan<ulong> words = MemoryMarshal.Cast<byte, ulong>(data);
        for (int i = 0; i < words.Length; i++) crc = BitOperations.Crc32C(crc, words[i]);
        for (int i = words.Length * 8; i < data.Length; i++) crc = BitOperations.Crc32C(crc, data[i]);
        return crc;
    }

    /// <summary>The finished checksum of a running CRC.</summary>
    public static uint Finish(uint crc) => ~crc;

    /// <summary>The CRC-32C of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => Finish(Append(Seed, data));
}
