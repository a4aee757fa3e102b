using Sluice.TestKit;

namespace Sluice.Kernels.Tests;

public sealed class ReduceTests
{
    [Fact]
    public void Span_reductions_match_oracle_for_every_tail_length()
    {
        foreach (int n in TestData.TailLengths)
        {
            float[] x = TestData.Uniform(n, seed: n, -3, 3), y = TestData.Uniform(n, seed: 500 + n, -3, 3);
            string at = $"n={n}";
            AssertClose.Scalar(ReduceReference.Sum(x), Reduce.Sum(x), 1e-5, 1e-5, at);
            AssertClose.Scalar(ReduceReference.Dot(x, y), Reduce.Dot(x, y), 1e-5, 1e-5, at);
            AssertClose.Scalar(ReduceReference.SumOfSquares(x), Reduce.SumOfSquares(x), 1e-5, 1e-5, at);
            Assert.Equal(ReduceReference.Max(x), Reduce.Max(x));
            Assert.Equal(ReduceReference.Min(x), Reduce.Min(x));
            Assert.Equal(ReduceReference.ArgMax(x), Reduce.ArgMax(x));
            Approx.Scalar(ReduceReference.LogSumExp(x), Reduce.LogSumExp(x), 1e-5, 1e-5, at);
        }
    }

    [Fact]
    public void Empty_and_special_inputs_have_defined_results()
    {
        Assert.Equal(0f, Reduce.Sum([]));
        Assert.Equal(float.NegativeInfinity, Reduce.Max([]));
        Assert.Equal(float.PositiveInfinity, Reduce.Min([]));
        Assert.Equal(-1, Reduce.ArgMax([]));
        Assert.Equal(float.NegativeInfinity, Reduce.LogSumExp([]));
        float[] withNaN = TestData.Uniform(40, seed: 1);
        withNaN[33] = float.NaN;
        Assert.True(float.IsNaN(Reduce.Max(withNaN)));
        Assert.True(float.IsNaN(Reduce.Min(withNaN)));
        // Large logits: the shifted form does not overflow.
        Assert.Equal(1000f + MathF.Log(2f), Reduce.LogSumExp([1000f, 1000f]), 3);
        Assert.Equal(1, Reduce.ArgMax([1f, 5f, 5f, 2f]));
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(3, 2)]
    [InlineData(5, 17)]
    [InlineData(7, 70)]
    [InlineData(40, 100)]
    public void Row_and_column_reductions_match_oracle(int rows, int cols)
    {
        float[] x = TestData.Uniform(rows * cols, seed: rows * 100 + cols, -4, 4);
        float[] perRow = new float[rows], perColumn = new float[cols], expectedColumn = new float[cols];
        MatrixRows.Sum(x, rows, cols, perRow);
        for (int r = 0; r < rows; r++) AssertClose.Scalar(ReduceReference.Sum(x.AsSpan(r * cols, cols)), perRow[r], 1e-5, 1e-5);
        MatrixRows.Max(x, rows, cols, perRow);
        for (int r = 0; r < rows; r++) Assert.Equal(ReduceReference.Max(x.AsSpan(r * cols, cols)), perRow[r]);
        MatrixRows.Min(x, rows, cols, perRow);
        for (int r = 0; r < rows; r++) Assert.Equal(ReduceReference.Min(x.AsSpan(r * cols, cols)), perRow[r]);
        MatrixRows.LogSumExp(x, rows, cols, perRow);
        for (int r = 0; r < rows; r++) AssertClose.Scalar(ReduceReference.LogSumExp(x.AsSpan(r * cols, cols)), perRow[r], 1e-5, 1e-5);
        int[] argMax = new int[rows];
        MatrixRows.ArgMax(x, rows, cols, argMax);
        for (int r = 0; r < rows; r++) Assert.Equal(ReduceReference.ArgMax(x.AsSpan(r * cols, cols)), argMax[r]);

        MatrixColumns.Sum(x, rows, cols, perColumn);
        ReduceReference.SumColumns(x, rows, cols, expectedColumn);
        AssertClose.Spans(expectedColumn, perColumn, 1e-5f, 1e-5f);
        MatrixColumns.Max(x, rows, cols, perColumn);
        for (int c = 0; c < cols; c++) Assert.Equal(Enumerable.Range(0, rows).Max(r => x[r * cols + c]), perColumn[c]);
        MatrixColumns.Min(x, rows, cols, perColumn);
        for (int c = 0; c < cols; c++) Assert.Equal(Enumerable.Range(0, rows).Min(r => x[r * cols + c]), perColumn[c]);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(4, 3)]
    [InlineData(6, 16)]
    [InlineData(9, 33)]
    [InlineData(2, 70)]
    public void Softmax_and_log_softmax_match_oracle(int rows, int cols)
    {
        float[] x = TestData.Uniform(rows * cols, seed: cols, -30, 30);
        x[0] = 500f; // a huge logit must not overflow
        float[] expected = new float[x.Length], actual = new float[x.Length];
        ReduceReference.SoftmaxRows(x, rows, cols, expected);
        MatrixRows.Softmax(x, rows, cols, actual);
        AssertClose.Spans(expected, actual, 1e-5f, 1e-7f);
        ReduceReference.LogSoftmaxRows(x, rows, cols, expected);
        MatrixRows.LogSoftmax(x, rows, cols, actual);
        AssertClose.Spans(expected, actual, 1e-5f, 1e-5f);
        ReduceReference.SoftmaxRows(x, rows, cols, expected);
        MatrixRows.Softmax(x, rows, cols, x); // in place
        AssertClose.Spans(expected, x, 1e-5f, 1e-7f);
    }

    [Fact]
    public void Bad_matrix_shape_names_the_parameter()
    {
        var error = Assert.Throws<ArgumentException>(() => MatrixRows.Sum(new float[10], 3, 3, new float[3]));
        Assert.Equal("x", error.ParamName);
        error = Assert.Throws<ArgumentException>(() => MatrixRows.Sum(new float[9], 3, 3, new float[2]));
        Assert.Equal("dst", error.ParamName);
    }
}
