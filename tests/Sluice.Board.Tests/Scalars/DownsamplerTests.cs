using Sluice.Board.Scalars;

namespace Sluice.Board.Tests.Scalars;

public sealed class DownsamplerTests
{
    [Fact]
    public void Short_series_are_drawn_whole()
    {
        float[] values = [3f, 1f, 2f];
        var selected = new int[3];
        Assert.Equal(3, Downsampler.Select(values, 1000, selected));
        Assert.Equal([0, 1, 2], selected);
    }

    [Theory]
    [InlineData(1_001, 1000)]
    [InlineData(10_000, 1000)]
    [InlineData(1_000_000, 500)]
    [InlineData(10, 3)]
    public void Long_series_stay_within_budget_keep_the_ends_and_stay_ordered(int n, int budget)
    {
        var random = new Random(n);
        var values = new float[n];
        for (int i = 0; i < n; i++) values[i] = (float)random.NextDouble();
        var selected = new int[budget];
        int count = Downsampler.Select(values, budget, selected);

        Assert.InRange(count, 2, budget);
        Assert.Equal(0, selected[0]);
        Assert.Equal(n - 1, selected[count - 1]);
        for (int k = 1; k < count; k++) Assert.True(selected[k] > selected[k - 1], $"indices not increasing at {k}");
    }

    [Fact]
    public void A_single_spike_survives_heavy_downsampling()
    {
        var values = new float[100_000];
        for (int i = 0; i < values.Length; i++) values[i] = 1f;
        values[54_321] = 50f;
        values[77_777] = -20f;
        var selected = new int[200];
        int count = Downsampler.Select(values, 200, selected);
        int[] kept = selected[..count];
        Assert.Contains(54_321, kept);
        Assert.Contains(77_777, kept);
    }
}
