namespace Sluice.Kernels.Tests;

/// <summary>Deterministic random inputs for the kernel tests.</summary>
internal static class TestData
{
    public static float[] Uniform(int length, int seed, float low = -1f, float high = 1f)
    {
        var random = new Random(seed);
        var values = new float[length];
        for (int i = 0; i < length; i++) values[i] = low + (high - low) * random.NextSingle();
        return values;
    }

    public static int[] Ids(int length, int seed, int rows)
    {
        var random = new Random(seed);
        var ids = new int[length];
        for (int i = 0; i < length; i++) ids[i] = random.Next(rows);
        return ids;
    }

    /// <summary>Every vector-tail length the drivers can hit: 0..70 (covers 4 full 16-lane vectors plus each remainder).</summary>
    public static IEnumerable<int> TailLengths => Enumerable.Range(0, 71);
}
