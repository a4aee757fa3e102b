namespace Sluice.Tensors.Random;

/// <summary>
/// Philox-4×32-10 (Salmon et al., "Parallel random numbers: as easy as 1, 2, 3"): a keyed bijection of a 128-bit
/// counter. Any element of any stream is computable directly, so results do not depend on draw order or threads.
/// </summary>
internal static class Philox
{
    private const uint M0 = 0xD2511F53, M1 = 0xCD9E8D57, W0 = 0x9E3779B9, W1 = 0xBB67AE85;

    public static void Block(ulong key, ulong counterHigh, ulong counterLow, out uint r0, out uint r1, out uint r2, out uint r3)
    {
        uint c0 = (uint)counterLow, c1 = (uint)(counterLow >> 32), c2 = (uint)counterHigh, c3 = (uint)(counterHigh >> 32);
        uint k0 = (uint)key, k1 = (uint)(key >> 32);
        for (int round = 0; round < 10; round++)
        {
            ulong p0 = (ulong)M0 * c0, p1 = (ulong)M1 * c2;
            uint n0 = (uint)(p1 >> 32) ^ c1 ^ k0, n2 = (uint)(p0 >> 32) ^ c3 ^ k1;
            c1 = (uint)p1;
            c3 = (uint)p0;
            c0 = n0;
            c2 = n2;
            k0 += W0;
            k1 += W1;
        }
        r0 = c0; r1 = c1; r2 = c2; r3 = c3;
    }

    /// <summary>Uniform in [0, 1) from the top 24 bits (exactly representable floats).</summary>
    public static float ToUnit(uint bits) => (bits >> 8) * (1f / 16777216f);

    /// <summary>Uniform in (0, 1]: safe for log in Box–Muller.</summary>
    public static float ToUnitOpen(uint bits) => ((bits >> 8) + 1) * (1f / 16777216f);

    /// <summary>Fills <paramref name="z"/> with U[0,1) for stream (<paramref name="stream"/>) of <paramref name="key"/>.</summary>
    public static void FillUniform(ulong key, ulong stream, Span<float> z)
    {
        for (int i = 0, block = 0; i < z.Length; i += 4, block++)
        {
            Block(key, stream, (ulong)block, out uint a, out uint b, out uint c, out uint d);
            z[i] = ToUnit(a);
            if (i + 1 < z.Length) z[i + 1] = ToUnit(b);
            if (i + 2 < z.Length) z[i + 2] = ToUnit(c);
            if (i + 3 < z.Length) z[i + 3] = ToUnit(d);
        }
    }
}
