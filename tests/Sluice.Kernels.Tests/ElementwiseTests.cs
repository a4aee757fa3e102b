using Sluice.TestKit;

namespace Sluice.Kernels.Tests;

public sealed class ElementwiseTests
{
    public delegate void UnaryKernel(ReadOnlySpan<float> x, Span<float> y);
    public delegate void BinaryKernel(ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> z);

    /// <summary>Each unary op: the fast driver, the oracle formula, the input range it is defined on, tolerance.</summary>
    public sealed record UnaryCase(string Name, UnaryKernel Fast, Func<float, float> Oracle, float Low, float High, float Rtol = 2e-6f)
    {
        public override string ToString() => Name;
    }

    public sealed record BinaryCase(string Name, BinaryKernel Fast, Func<float, float, float> Oracle, float Low = -2f, float High = 2f)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<UnaryCase> UnaryCases => new()
    {
        new("Negate", Elementwise.Unary<UnaryOps.Negate>, x => -x, -5, 5),
        new("Abs", Elementwise.Unary<UnaryOps.Abs>, MathF.Abs, -5, 5),
        new("Exp", Elementwise.Unary<UnaryOps.Exp>, MathF.Exp, -80, 80),
        new("Log", Elementwise.Unary<UnaryOps.Log>, MathF.Log, 1e-6f, 1e6f),
        new("Sqrt", Elementwise.Unary<UnaryOps.Sqrt>, MathF.Sqrt, 0, 1e4f),
        new("Reciprocal", Elementwise.Unary<UnaryOps.Reciprocal>, x => 1f / x, 0.01f, 100),
        new("Square", Elementwise.Unary<UnaryOps.Square>, x => x * x, -100, 100),
        new("Tanh", Elementwise.Unary<UnaryOps.Tanh>, x => (float)Math.Tanh(x), -12, 12),
        new("Sigmoid", Elementwise.Unary<UnaryOps.Sigmoid>, x => (float)(1 / (1 + Math.Exp(-x))), -30, 30),
        new("Relu", Elementwise.Unary<UnaryOps.Relu>, x => x > 0 ? x : 0f, -5, 5),
    };

    public static TheoryData<BinaryCase> BinaryCases => new()
    {
        new("Add", Elementwise.Binary<BinaryOps.Add>, (x, y) => x + y),
        new("Subtract", Elementwise.Binary<BinaryOps.Subtract>, (x, y) => x - y),
        new("Multiply", Elementwise.Binary<BinaryOps.Multiply>, (x, y) => x * y),
        new("Divide", Elementwise.Binary<BinaryOps.Divide>, (x, y) => x / y, 0.5f, 4f),
        new("Maximum", Elementwise.Binary<BinaryOps.Maximum>, (x, y) => x >= y ? x : y),
        new("Minimum", Elementwise.Binary<BinaryOps.Minimum>, (x, y) => x <= y ? x : y),
        new("Greater", Elementwise.Binary<ComparisonOps.Greater>, (x, y) => x > y ? 1 : 0),
        new("GreaterOrEqual", Elementwise.Binary<ComparisonOps.GreaterOrEqual>, (x, y) => x >= y ? 1 : 0),
        new("Less", Elementwise.Binary<ComparisonOps.Less>, (x, y) => x < y ? 1 : 0),
        new("LessOrEqual", Elementwise.Binary<ComparisonOps.LessOrEqual>, (x, y) => x <= y ? 1 : 0),
        new("Equal", Elementwise.Binary<ComparisonOps.Equal>, (x, y) => x == y ? 1 : 0),
        new("NotEqual", Elementwise.Binary<ComparisonOps.NotEqual>, (x, y) => x != y ? 1 : 0),
    };

    [Theory, MemberData(nameof(UnaryCases))]
    public void Unary_matches_oracle_for_every_tail_length(UnaryCase c)
    {
        foreach (int n in TestData.TailLengths)
        {
            float[] x = TestData.Uniform(n, seed: n, c.Low, c.High);
            float[] expected = new float[n], actual = new float[n];
            ElementwiseReference.Unary(x, expected, c.Oracle);
            c.Fast(x, actual);
            AssertClose.Spans(expected, actual, rtol: c.Rtol, atol: 1e-6f);
        }
    }

    [Theory, MemberData(nameof(UnaryCases))]
    public void Unary_in_place_matches_out_of_place(UnaryCase c)
    {
        float[] x = TestData.Uniform(67, seed: 3, c.Low, c.High);
        float[] expected = new float[x.Length];
        c.Fast(x, expected);
        c.Fast(x, x);
        Assert.Equal(expected, x);
    }

    [Theory, MemberData(nameof(BinaryCases))]
    public void Binary_matches_oracle_for_every_tail_length(BinaryCase c)
    {
        foreach (int n in TestData.TailLengths)
        {
            float[] x = TestData.Uniform(n, seed: n, c.Low, c.High);
            float[] y = TestData.Uniform(n, seed: 1000 + n, c.Low, c.High);
            // Make some pairs equal so the comparison ops see ties.
            for (int i = 0; i < n; i += 5) y[i] = x[i];
            float[] expected = new float[n], actual = new float[n];
            ElementwiseReference.Binary(x, y, expected, c.Oracle);
            c.Fast(x, y, actual);
            AssertClose.Spans(expected, actual, rtol: 1e-6f, atol: 0f);
        }
    }

    [Fact]
    public void Special_values_follow_the_scalar_definitions()
    {
        float[] x = [float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, 100f, -100f, 1e-30f,
                     float.NaN, float.PositiveInfinity, float.NegativeInfinity, 0f, -0f, 100f, -100f, 1e-30f, 3f];
        float[] actual = new float[x.Length], expected = new float[x.Length];
        Elementwise.Unary<UnaryOps.Sigmoid>(x, actual);
        ElementwiseReference.Unary(x, expected, v => 1f / (1f + MathF.Exp(-v)));
        Approx.Spans(expected, actual);
        Elementwise.Unary<UnaryOps.Tanh>(x, actual);
        ElementwiseReference.Unary(x, expected, MathF.Tanh);
        Approx.Spans(expected, actual);
        Elementwise.Unary<UnaryOps.Relu>(x, actual);
        ElementwiseReference.Unary(x, expected, v => MathF.Max(v, 0f));
        Approx.Spans(expected, actual);
        Elementwise.Unary<UnaryOps.Exp>(x, actual);
        ElementwiseReference.Unary(x, expected, MathF.Exp);
        Approx.Spans(expected, actual);
    }

    [Fact]
    public void Scalar_and_broadcast_forms_match_oracle()
    {
        foreach (int n in TestData.TailLengths)
        {
            float[] x = TestData.Uniform(n, seed: n);
            float[] expected = new float[n], actual = new float[n];
            Elementwise.BinaryScalar<BinaryOps.Subtract>(x, 0.25f, actual);
            ElementwiseReference.Unary(x, expected, v => v - 0.25f);
            AssertClose.Spans(expected, actual, 0, 0);
            Elementwise.ScalarBinary<BinaryOps.Divide>(2f, x, actual);
            ElementwiseReference.Unary(x, expected, v => 2f / v);
            AssertClose.Spans(expected, actual, 1e-6f, 0);
        }
        foreach (int cols in new[] { 1, 3, 16, 17, 33, 70 })
        {
            const int rows = 5;
            float[] x = TestData.Uniform(rows * cols, seed: cols);
            float[] row = TestData.Uniform(cols, seed: 100 + cols);
            float[] column = TestData.Uniform(rows, seed: 200 + cols);
            float[] expected = new float[x.Length], actual = new float[x.Length];
            Elementwise.BinaryRowBroadcast<BinaryOps.Multiply>(x, cols, row, actual);
            ElementwiseReference.BinaryRowBroadcast(x, cols, row, expected, (a, b) => a * b);
            AssertClose.Spans(expected, actual, 0, 0);
            Elementwise.BinaryColumnBroadcast<BinaryOps.Subtract>(x, cols, column, actual);
            ElementwiseReference.BinaryColumnBroadcast(x, cols, column, expected, (a, b) => a - b);
            AssertClose.Spans(expected, actual, 0, 0);
        }
    }

    [Fact]
    public void Select_picks_by_mask_for_every_tail_length()
    {
        foreach (int n in TestData.TailLengths)
        {
            float[] mask = new float[n];
            Elementwise.BinaryScalar<ComparisonOps.Greater>(TestData.Uniform(n, seed: n), 0f, mask);
            float[] t = TestData.Uniform(n, seed: 10 + n), f = TestData.Uniform(n, seed: 20 + n);
            float[] expected = new float[n], actual = new float[n];
            ElementwiseReference.Select(mask, t, f, expected);
            Elementwise.Select(mask, t, f, actual);
            Assert.Equal(expected, actual);
        }
    }

    [Fact]
    public void Length_mismatch_names_the_parameter()
    {
        var error = Assert.Throws<ArgumentException>(() => Elementwise.Binary<BinaryOps.Add>(new float[3], new float[4], new float[3]));
        Assert.Equal("y", error.ParamName);
        Assert.Contains("length 4, expected 3", error.Message);
        error = Assert.Throws<ArgumentException>(() => Elementwise.BinaryRowBroadcast<BinaryOps.Add>(new float[7], 2, new float[2], new float[7]));
        Assert.Equal("x", error.ParamName);
    }
}
