using Sluice.Learning.Optimizers;
using Sluice.TestKit;

namespace Sluice.Learning.Tests.Optimizers;

/// <summary>
/// Two dense steps of every optimizer from w = [1, −2, 0.5] with g₁ = [0.5, 0.25, −1] and g₂ = [−0.3, 0.1, 0.2],
/// against values computed by hand (in double precision, from TF1's update formulas, outside this code base).
/// </summary>
public sealed class OptimizerStepTests
{
    private static readonly float[] Start = [1f, -2f, 0.5f];
    private static readonly float[] FirstGradient = [0.5f, 0.25f, -1f];
    private static readonly float[] SecondGradient = [-0.3f, 0.1f, 0.2f];

    public static TheoryData<string, Func<Optimizer>, double[]> Cases => new()
    {
        // w − 0.1·g, twice.
        { "sgd", () => new GradientDescent(0.1f), [0.98, -2.035, 0.58] },
        // a = 0.9a + g; w −= 0.1a.
        { "momentum", () => new Momentum(0.1f, 0.9f), [0.935, -2.0575, 0.67] },
        // w −= 0.1g + 0.1·0.9·a.
        { "nesterov", () => new Momentum(0.1f, 0.9f, useNesterov: true), [0.9215, -2.08675, 0.733] },
        // acc starts at 0.1; acc += g²; w −= 0.1·g/√acc.
        { "adagrad", () => new Adagrad(0.1f), [0.9607112762138129, -2.086094537911758, 0.5766145426929254] },
        // lr 0.01, β 0.9/0.999, ε 1e-8, bias-corrected.
        { "adam", () => new Adam(0.01f), [0.9880850270112036, -2.018985728838863, 0.5151102560241704] },
        // rms starts at 1; momentum 0.
        { "rmsprop", () => new RmsProp(0.1f), [0.9807159725182497, -2.037327235571486, 0.5789648419005798] },
        // centered, momentum 0.5.
        { "rmsprop-centered", () => new RmsProp(0.1f, momentum: 0.5f, centered: true), [0.9546209890685988, -2.0504786327943147, 0.6296632723768297] },
        // FTRL with no regularisation: the first step already replaces w by the proximal solution.
        { "ftrl", () => new Ftrl(0.1f), [0.4261887923889641, -0.5171654568062859, 0.42585887040404347] },
        { "ftrl-l1-l2", () => new Ftrl(0.1f, l1RegularizationStrength: 0.05f, l2RegularizationStrength: 0.2f), [0.3915738341902144, -0.4592552139807118, 0.4056100100292394] },
        { "ftrl-shrinkage", () => new Ftrl(0.1f, l1RegularizationStrength: 0.05f, l2RegularizationStrength: 0.2f, l2ShrinkageRegularizationStrength: 0.1f), [0.35088707238468525, -0.3537421122266376, 0.3889420822109093] },
        { "ftrl-power", () => new Ftrl(0.1f, learningRatePower: -0.3f), [0.28314913826034765, -0.3311460972794702, 0.33442225578313506] },
    };

    [Theory, MemberData(nameof(Cases))]
    public void Two_dense_steps_match_hand_computed_values(string name, Func<Optimizer> create, double[] expected)
    {
        Optimizer optimizer = create();
        float[] weights = [.. Start];
        SlotSet slots = optimizer.CreateSlots("w", 1, weights.Length);
        for (int step = 0; step < 2; step++)
        {
            optimizer.BeginStep(step);
            optimizer.ApplyDense(weights, step == 0 ? FirstGradient : SecondGradient, slots);
            optimizer.EndStep();
        }
        Assert.Equal(2, optimizer.Iterations);
        for (int i = 0; i < expected.Length; i++)
            AssertClose.Scalar(expected[i], weights[i], rtol: 2e-6, atol: 1e-6, what: $"{name} w[{i}]");
    }

    [Fact]
    public void Ftrl_with_large_l1_sets_weights_to_exactly_zero()
    {
        var ftrl = new Ftrl(0.1f, l1RegularizationStrength: 10f);
        float[] weights = [1f, -2f, 0.5f];
        SlotSet slots = ftrl.CreateSlots("w", 1, 3);
        ftrl.BeginStep(0);
        ftrl.ApplyDense(weights, FirstGradient, slots);
        Assert.Equal([0f, 0f, 0f], weights);
        // z = g − (√(n+g²) − √n)/lr · w for the first element: 0.5 − (√0.35 − √0.1)/0.1 · 1.
        AssertClose.Scalar(0.5 - (Math.Sqrt(0.35) - Math.Sqrt(0.1)) / 0.1, slots.Values("linear")[0], what: "z[0]");
        AssertClose.Scalar(0.35, slots.Values("accumulator")[0], what: "n[0]");
    }

    [Fact]
    public void Adam_state_round_trips_through_save_and_restore()
    {
        var first = new Adam(0.01f);
        float[] weights = [.. Start];
        SlotSet slots = first.CreateSlots("w", 1, 3);
        first.BeginStep(0);
        first.ApplyDense(weights, FirstGradient, slots);
        first.EndStep();

        float[] saved = first.SaveState();
        AssertClose.Scalar(0.81, saved[0], what: "β1^t after one step");
        AssertClose.Scalar(0.998001, saved[1], what: "β2^t after one step");

        var resumed = new Adam(0.01f);
        resumed.RestoreState(first.Iterations, saved);
        float[] copy = [.. weights];
        SlotSet copySlots = resumed.CreateSlots("w", 1, 3);
        slots.Values(0).CopyTo(copySlots.Values(0), 0);
        slots.Values(1).CopyTo(copySlots.Values(1), 0);

        first.BeginStep(1);
        first.ApplyDense(weights, SecondGradient, slots);
        resumed.BeginStep(1);
        resumed.ApplyDense(copy, SecondGradient, copySlots);
        Assert.Equal(weights, copy);
    }

    [Fact]
    public void Slots_start_at_the_TF1_initial_values()
    {
        Assert.All(new Adagrad(0.1f).CreateSlots("w", 2, 2).Values("accumulator"), v => Assert.Equal(0.1f, v));
        SlotSet ftrl = new Ftrl(0.1f).CreateSlots("w", 2, 2);
        Assert.All(ftrl.Values("accumulator"), v => Assert.Equal(0.1f, v));
        Assert.All(ftrl.Values("linear"), v => Assert.Equal(0f, v));
        Assert.All(new RmsProp(0.1f).CreateSlots("w", 2, 2).Values("rms"), v => Assert.Equal(1f, v));
        Assert.Equal("dnn/kernel/Adagrad/accumulator", new Adagrad(0.1f).CreateSlots("dnn/kernel", 1, 1).CheckpointName(0));
    }

    [Fact]
    public void Bad_arguments_are_rejected_with_the_variable_name()
    {
        var adagrad = new Adagrad(0.1f);
        SlotSet slots = adagrad.CreateSlots("dense/kernel", 2, 3);
        var error = Assert.Throws<ArgumentException>(() => adagrad.ApplyDense(new float[6], new float[5], slots));
        Assert.Contains("dense/kernel", error.Message);
        var outOfRange = Assert.Throws<ArgumentOutOfRangeException>(() => adagrad.ApplySparse(new float[6], [2], new float[3], slots));
        Assert.Contains("dense/kernel", outOfRange.Message);
        var foreign = Assert.Throws<ArgumentException>(() => new Adam().ApplyDense(new float[6], new float[6], slots));
        Assert.Contains("Adagrad", foreign.Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => new Ftrl(0.1f, learningRatePower: 0.5f));
        Assert.Throws<ArgumentOutOfRangeException>(() => new Adagrad(-1f));
    }
}
