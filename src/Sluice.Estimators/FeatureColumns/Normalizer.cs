using System.Globalization;

namespace Sluice.Estimators.FeatureColumns;

/// <summary>
/// z-score normaliser: x' = (x - Mean) / StdDev. Created unfitted (<see cref="ZScore()"/>) the trainer fills the
/// statistics from the training data once; the fitted values travel with the column into checkpoints and exports.
/// </summary>
public sealed record Normalizer(double Mean, double StdDev)
{
    /// <summary>A z-score normaliser whose statistics are computed from the training data.</summary>
    public static Normalizer ZScore() => new(double.NaN, double.NaN);

    /// <summary>A z-score normaliser with known statistics.</summary>
    public static Normalizer ZScore(double mean, double stdDev)
    {
        if (!(stdDev > 0) || double.IsInfinity(stdDev)) throw new ArgumentOutOfRangeException(nameof(stdDev), stdDev, "The standard deviation must be positive and finite.");
        return new Normalizer(mean, stdDev);
    }

    /// <summary>true once the statistics are known.</summary>
    public bool IsFitted => !double.IsNaN(Mean) && !double.IsNaN(StdDev);

    internal float Apply(float x) => (float)((x - Mean) / StdDev);

    public override string ToString() => IsFitted
        ? string.Create(CultureInfo.InvariantCulture, $"zscore(mean={Mean:G6}, std={StdDev:G6})")
        : "zscore(unfitted)";
}
