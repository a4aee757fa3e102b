namespace Sluice.Learning.Tests.Training;

/// <summary>Generated classification problems with fixed seeds.</summary>
internal static class ToyProblems
{
    /// <summary>XOR's four points: features (4, 2), labels (4, 1).</summary>
    public static (float[] Features, float[] Labels) Xor() =>
        ([0f, 0f, 0f, 1f, 1f, 0f, 1f, 1f], [0f, 1f, 1f, 0f]);

    /// <summary>
    /// Two interleaved spirals (Lang &amp; Witbrock's benchmark, here with <paramref name="turns"/> turns): point i of
    /// class c is at radius r = i/n and angle θ = turns·2π·r + c·π, plus small seeded noise.
    /// </summary>
    /// <returns>features (2n, 2), labels (2n, 1)</returns>
    public static (float[] Features, float[] Labels) TwoSpirals(int pointsPerClass, double turns, int seed)
    {
        var random = new Random(seed);
        var features = new float[pointsPerClass * 2 * 2];
        var labels = new float[pointsPerClass * 2];
        for (int i = 0; i < pointsPerClass; i++)
        {
            double r = (i + 1.0) / pointsPerClass;
            for (int c = 0; c < 2; c++)
            {
                double angle = turns * 2 * Math.PI * r + c * Math.PI;
                int row = 2 * i + c;
                features[row * 2] = (float)(r * Math.Cos(angle) + 0.01 * (random.NextDouble() - 0.5));
                features[row * 2 + 1] = (float)(r * Math.Sin(angle) + 0.01 * (random.NextDouble() - 0.5));
                labels[row] = c;
            }
        }
        return (features, labels);
    }
}
