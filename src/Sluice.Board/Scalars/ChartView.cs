using System.Buffers;

namespace Sluice.Board.Scalars;

/// <summary>
/// What one chart draws of a series for one setting: the chosen point indices and their smoothed values. Computing
/// it walks the whole series (smoothing runs before downsampling), so the last view is kept per series and reused
/// while the series, the smoothing weight and the point budget are unchanged — typing in a run filter, a second
/// viewer or a page reload then costs only the JSON. Immutable, so request threads share it freely.
/// </summary>
internal sealed class ChartView
{
    private ChartView(int seriesCount, double weight, int budget, int[] indices, float[] smoothed)
    {
        SeriesCount = seriesCount;
        Weight = weight;
        Budget = budget;
        Indices = indices;
        Smoothed = smoothed;
    }

    /// <summary>How many points the series had when the view was computed.</summary>
    public int SeriesCount { get; }

    public double Weight { get; }

    public int Budget { get; }

    /// <summary>Increasing indices of the points drawn.</summary>
    public int[] Indices { get; }

    /// <summary>Smoothed value at each drawn point (float, like the raw values, so a constant series stays flat).</summary>
    public float[] Smoothed { get; }

    public bool Matches(int seriesCount, double weight, int budget) =>
        SeriesCount == seriesCount && Weight == weight && Budget == budget;

    public static ChartView Compute(ReadOnlySpan<float> values, double weight, int budget)
    {
        int n = values.Length;
        double[] smoothed = ArrayPool<double>.Shared.Rent(Math.Max(n, 1));
        int[] selected = ArrayPool<int>.Shared.Rent(Math.Max(Math.Min(n, budget), 1));
        try
        {
            Smoothing.DebiasedEma(values, weight, smoothed);
            int count = Downsampler.Select(values, budget, selected);
            var indices = selected.AsSpan(0, count).ToArray();
            var drawnSmoothed = new float[count];
            for (int k = 0; k < count; k++) drawnSmoothed[k] = (float)smoothed[indices[k]];
            return new ChartView(n, weight, budget, indices, drawnSmoothed);
        }
        finally
        {
            ArrayPool<double>.Shared.Return(smoothed);
            ArrayPool<int>.Shared.Return(selected);
        }
    }
}
