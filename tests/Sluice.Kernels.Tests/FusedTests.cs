using Sluice.TestKit;

namespace Sluice.Kernels.Tests;

public sealed class FusedTests
{
    [Fact]
    public void Relu_backward_axpy_scale_match_oracle_for_every_tail_length()
    {
        foreach (int n in TestData.TailLengths)
        {
            float[] x = TestData.Uniform(n, seed: n), dy = TestData.Uniform(n, seed: 50 + n);
            float[] expected = new float[n], actual = new float[n];
            ElementwiseReference.ReluBackward(x, dy, expected);
            Fused.ReluBackward(x, dy, actual);
            Assert.Equal(expected, actual);

            float[] y1 = TestData.Uniform(n, seed: 90 + n), y2 = (float[])y1.Clone();
            ElementwiseReference.Axpy(-0.75f, x, y1);
            Fused.Axpy(-0.75f, x, y2);
            AssertClose.Spans(y1, y2, 1e-6f, 1e-7f);

            float[] scaled = (float[])x.Clone();
            Fused.Scale(3f, scaled);
            ElementwiseReference.Unary(x, expected, v => 3f * v);
            Assert.Equal(expected, scaled);

            Fused.Fill(actual, 2.5f);
            Assert.All(actual, v => Assert.Equal(2.5f, v));
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(4, 15)]
    [InlineData(3, 33)]
    [InlineData(40, 100)]
    public void Add_bias_adds_the_row_vector_to_every_row(int rows, int cols)
    {
        float[] matrix = TestData.Uniform(rows * cols, seed: cols);
        float[] bias = TestData.Uniform(cols, seed: 7);
        float[] expected = (float[])matrix.Clone();
        ElementwiseReference.AddBias(expected, cols, bias);
        Fused.AddBias(matrix, cols, bias);
        Assert.Equal(expected, matrix);
    }
}
