using Sluice.Board.Logdir;
using Sluice.Board.Scalars;

namespace Sluice.Board.Tests.Scalars;

public sealed class ChartViewTests
{
    [Fact]
    public void A_view_is_the_downsampled_indices_with_smoothing_from_the_full_series()
    {
        var values = new float[5000];
        for (int i = 0; i < values.Length; i++) values[i] = MathF.Sin(i * 0.01f) + (i % 7) * 0.1f;
        ChartView view = ChartView.Compute(values, 0.9, budget: 300);

        var smoothed = new double[values.Length];
        Smoothing.DebiasedEma(values, 0.9, smoothed);
        var selected = new int[300];
        int count = Downsampler.Select(values, 300, selected);
        Assert.Equal(selected[..count], view.Indices);
        for (int k = 0; k < count; k++) Assert.Equal((float)smoothed[selected[k]], view.Smoothed[k]);
    }

    [Fact]
    public void A_series_view_is_reused_until_the_series_or_the_setting_changes()
    {
        var series = new ScalarSeries("loss");
        for (int i = 0; i < 100; i++) series.Add(i, i, i);
        ChartView first = series.Read(0, (_, _, _, values) => ChartView.Compute(values, 0.6, 50));
        series.LastChartView = first;

        Assert.True(series.LastChartView!.Matches(series.Count, 0.6, 50));
        Assert.False(first.Matches(series.Count, 0.7, 50));
        Assert.False(first.Matches(series.Count, 0.6, 60));
        series.Add(100, 100, 100);
        Assert.False(first.Matches(series.Count, 0.6, 50));
    }
}
