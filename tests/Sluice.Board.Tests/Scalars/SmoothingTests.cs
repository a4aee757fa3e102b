using Sluice.Board.Scalars;

namespace Sluice.Board.Tests.Scalars;

public sealed class SmoothingTests
{
    [Fact]
    public void Debiased_ema_matches_the_hand_computed_values()
    {
        float[] values = [1f, 3f, 2f];
        var smoothed = new double[3];
        Smoothing.DebiasedEma(values, 0.5, smoothed);
        // last: 0.5, 1.75, 1.875 ; debias: 1-0.5, 1-0.25, 1-0.125
        Assert.Equal(1.0, smoothed[0], 12);
        Assert.Equal(1.75 / 0.75, smoothed[1], 12);
        Assert.Equal(1.875 / 0.875, smoothed[2], 12);
    }

    [Fact]
    public void Zero_weight_is_the_raw_series_and_a_constant_series_is_not_bent()
    {
        float[] values = [4f, -1f, 2.5f];
        var smoothed = new double[3];
        Smoothing.DebiasedEma(values, 0, smoothed);
        Assert.Equal([4.0, -1.0, 2.5], smoothed);

        float[] constant = [0.7f, 0.7f, 0.7f, 0.7f];
        var flat = new double[4];
        Smoothing.DebiasedEma(constant, 0.99, flat);
        Assert.All(flat, v => Assert.Equal(0.7f, (float)v));
    }

    [Fact]
    public void Non_finite_values_pass_through_and_do_not_poison_the_average()
    {
        float[] values = [2f, float.NaN, 2f, float.PositiveInfinity, 4f];
        var smoothed = new double[5];
        Smoothing.DebiasedEma(values, 0.5, smoothed);
        Assert.Equal(2.0, smoothed[0], 12);
        Assert.True(double.IsNaN(smoothed[1]));
        Assert.Equal(2.0, smoothed[2], 12);
        Assert.True(double.IsPositiveInfinity(smoothed[3]));
        // finite values 2, 2, 4 with w = 0.5: last = 0.5·(0.5·(0.5·0+1)+1)+2 = 2.75; debias 1 - 0.125
        Assert.Equal(2.75 / 0.875, smoothed[4], 12);
    }

    [Theory]
    [InlineData(-0.1)]
    [InlineData(1.0)]
    [InlineData(double.NaN)]
    public void Weight_outside_zero_to_one_is_rejected(double weight)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => Smoothing.DebiasedEma([1f], weight, new double[1]));
    }
}
