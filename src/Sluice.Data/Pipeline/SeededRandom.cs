namespace Sluice.Data.Pipeline;

/// <summary>
/// SplitMix64: a tiny counter-based generator whose sequence depends only on the seed (not on the .NET version),
/// so seeded shuffles are reproducible everywhere.
/// </summary>
internal struct SeededRandom(ulong seed)
{
    private ulong _state = seed;

    public ulong NextUInt64()
    {
        ulong z = _state += 0x9E37_79B9_7F4A_7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EBUL;
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, <paramref name="bound"/>) (multiply-shift; bias below 2^-32 for bounds under 2^32).</summary>
    public int NextInt(int bound) => (int)Math.BigMul(NextUInt64(), (ulong)bound, out _);

    /// <summary>A seed for epoch <paramref name="epoch"/> derived from a base seed.</summary>
    public static ulong Derive(ulong seed, long epoch)
    {
        var random = new SeededRandom(seed ^ ((ulong)epoch * 0xD1B5_4A32_D192_ED03UL));
        return random.NextUInt64();
    }
}
