namespace Sluice.Tensors.Random;

/// <summary>
/// A seeded, counter-based generator (Philox-4×32-10). Each fill consumes a fresh range of the counter, so the state is
/// two integers (<see cref="State"/>) and the same seed gives bit-identical numbers on any machine.
/// </summary>
public sealed class RandomGenerator
{
    private ulong _seed;
    private ulong _counter;

    public RandomGenerator(ulong seed)
    {
        _seed = seed;
    }

    public RngState State
    {
        get => new(_seed, _counter);
        set
        {
            _seed = value.Seed;
            _counter = value.Counter;
        }
    }

    /// <summary>U[low, high).</summary>
    public void FillUniform(Span<float> values, float low = 0f, float high = 1f)
    {
        Philox.FillUniform(_seed, _counter++, values);
        float scale = high - low;
        for (int i = 0; i < values.Length; i++) values[i] = low + scale * values[i];
    }

    /// <summary>N(mean, stddev²) by Box–Muller.</summary>
    public void FillNormal(Span<float> values, float mean = 0f, float stddev = 1f)
    {
        ulong stream = _counter++;
        for (int i = 0, block = 0; i < values.Length; i += 4, block++)
        {
            Philox.Block(_seed, stream, (ulong)block, out uint a, out uint b, out uint c, out uint d);
            BoxMuller(a, b, out float z0, out float z1);
            BoxMuller(c, d, out float z2, out float z3);
            values[i] = mean + stddev * z0;
            if (i + 1 < values.Length) values[i + 1] = mean + stddev * z1;
            if (i + 2 < values.Length) values[i + 2] = mean + stddev * z2;
            if (i + 3 < values.Length) values[i + 3] = mean + stddev * z3;
        }
    }

    /// <summary>N(mean, stddev²) with draws beyond two standard deviations redrawn (TF's truncated_normal).</summary>
    public void FillTruncatedNormal(Span<float> values, float mean = 0f, float stddev = 1f)
    {
        ulong stream = _counter++;
        ulong block = 0;
        int i = 0;
        while (i < values.Length)
        {
            Philox.Block(_seed, stream, block++, out uint a, out uint b, out uint c, out uint d);
            BoxMuller(a, b, out float z0, out float z1);
            BoxMuller(c, d, out float z2, out float z3);
            if (MathF.Abs(z0) <= 2f && i < values.Length) values[i++] = mean + stddev * z0;
            if (MathF.Abs(z1) <= 2f && i < values.Length) values[i++] = mean + stddev * z1;
            if (MathF.Abs(z2) <= 2f && i < values.Length) values[i++] = mean + stddev * z2;
            if (MathF.Abs(z3) <= 2f && i < values.Length) values[i++] = mean + stddev * z3;
        }
    }

    /// <summary>A fresh 64-bit key for a derived stream (e.g. a dropout node's seed).</summary>
    public ulong NextUInt64()
    {
        Philox.Block(_seed, _counter++, 0, out uint a, out uint b, out _, out _);
        return ((ulong)b << 32) | a;
    }

    private static void BoxMuller(uint u, uint v, out float z0, out float z1)
    {
        double radius = Math.Sqrt(-2.0 * Math.Log(Philox.ToUnitOpen(u)));
        double angle = 2.0 * Math.PI * Philox.ToUnit(v);
        z0 = (float)(radius * Math.Cos(angle));
        z1 = (float)(radius * Math.Sin(angle));
    }
}
