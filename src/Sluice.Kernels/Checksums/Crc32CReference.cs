namespace Sluice.Kernels.Checksums;

/// <summary>The naive twin of <see cref="Crc32C"/>: bit at a time, slow and obviously correct.</summary>
public static class Crc32CReference
{
    /// <summary>CRC-32C of <paramref name="data"/>, one bit at a time.</summary>
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        uint crc = ~0u;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++)
                crc = (crc & 1) != 0 ? (crc >> 1) ^ Crc32C.ReflectedPolynomial : crc >> 1;
        }
        return ~crc;
    }
}
