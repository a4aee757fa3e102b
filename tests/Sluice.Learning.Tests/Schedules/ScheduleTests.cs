using Sluice.Learning.Clipping;
using Sluice.Learning.Schedules;
using Sluice.TestKit;

namespace Sluice.Learning.Tests.Schedules;

public sealed class ScheduleTests
{
    [Theory]
    [InlineData(0, false, 0.1)]
    [InlineData(50, false, 0.0707106781)]   // 0.1 · 0.5^(50/100)
    [InlineData(100, false, 0.05)]
    [InlineData(250, false, 0.0176776695)]  // 0.1 · 0.5^2.5
    [InlineData(50, true, 0.1)]             // staircase: floor(0.5) = 0
    [InlineData(199, true, 0.05)]
    [InlineData(250, true, 0.025)]
    public void Exponential_decay_matches_the_TF1_formula(long step, bool staircase, double expected)
    {
        var schedule = new ExponentialDecay(0.1f, decaySteps: 100, decayRate: 0.5f, staircase);
        AssertClose.Scalar(expected, schedule.At(step), rtol: 1e-6);
    }

    [Theory]
    [InlineData(0, 1.0)]
    [InlineData(100, 1.0)]   // boundaries are inclusive on the left piece, as in TF
    [InlineData(101, 0.5)]
    [InlineData(200, 0.5)]
    [InlineData(201, 0.1)]
    [InlineData(1_000_000, 0.1)]
    public void Piecewise_constant_switches_after_each_boundary(long step, double expected)
    {
        var schedule = new PiecewiseConstant([100, 200], [1f, 0.5f, 0.1f]);
        AssertClose.Scalar(expected, schedule.At(step));
    }

    [Fact]
    public void Invalid_schedules_are_rejected()
    {
        Assert.Throws<ArgumentException>(() => new PiecewiseConstant([100, 200], [1f, 0.5f]));
        Assert.Throws<ArgumentException>(() => new PiecewiseConstant([200, 100], [1f, 0.5f, 0.1f]));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ExponentialDecay(0.1f, 0, 0.5f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new ConstantLearningRate(0f));
    }

    [Fact]
    public void Global_norm_clipping_scales_dense_and_sparse_gradients_jointly()
    {
        // Dense [3, 0] and sparse row values [0, 4]: global norm 5; clip to 1 ⇒ scale 0.2 for both.
        float[] dense = [3f, 0f];
        float[] sparseRows = [0f, 4f];
        float norm = GlobalNormClipping.Clip([dense, sparseRows], clipNorm: 1f);
        AssertClose.Scalar(5.0, norm);
        AssertClose.Spans([0.6f, 0f], dense);
        AssertClose.Spans([0f, 0.8f], sparseRows);
    }

    [Fact]
    public void Global_norm_clipping_leaves_small_gradients_unchanged()
    {
        float[] gradient = [0.3f, -0.4f];
        float norm = GlobalNormClipping.Clip([gradient], clipNorm: 1f);
        AssertClose.Scalar(0.5, norm);
        Assert.Equal([0.3f, -0.4f], gradient);
    }
}
