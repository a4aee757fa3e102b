namespace Sluice.Estimators.Model;

/// <summary>
/// A tiny counter-seeded generator (SplitMix64). Training derives one per step from (seed, global step), so a run
/// resumed from a checkpoint draws exactly the numbers the uninterrupted run would have.
/// </summary>
internal struct SplitMix64(ulong state)
{
    private ulong _state = state;

    public static SplitMix64 ForStep(long seed, long step, ulong stream)
        => new(unchecked((ulong)seed * 0x9E3779B97F4A7C15UL ^ (ulong)step * 0xBF58476D1CE4E5B9UL ^ stream * 0x94D049BB133111EBUL));

    public ulong Next()
    {
        ulong z = unchecked(_state += 0x9E3779B97F4A7C15UL);
        z = unchecked((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL);
        z = unchecked((z ^ (z >> 27)) * 0x94D049BB133111EBUL);
        return z ^ (z >> 31);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public float NextFloat() => (Next() >> 40) * (1f / (1 << 24));

    /// <summary>Uniform integer in [0, n).</summary>
    public int NextInt(int n) => (int)((Next() >> 33) % (ulong)n);

    /// <summary>Standard normal (Box–Muller).</summary>
    public double NextGaussian()
    {
        double u1 = 1.0 - (Next() >> 11) * (1.0 / (1UL << 53));
        double u2 = (Next() >> 11) * (1.0 / (1UL << 53));
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }
}
