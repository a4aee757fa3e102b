using Sluice.Estimators.Model;
using Sluice.TestKit;

namespace Sluice.Estimators.Tests;

public sealed class DenseMathTests
{
    public static TheoryData<int, int, int> Shapes()
    {
        var data = new TheoryData<int, int, int>();
        foreach (int outputs in new[] { 1, 3, 7, 8, 9, 16, 25, 31, 32, 33, 50, 64, 70, 75, 100 })
            data.Add(3, 11, outputs);
        data.Add(40, 51, 100);
        data.Add(1, 100, 75);
        return data;
    }

    private static float[] Random(int n, int seed, bool sparse)
    {
        var rng = new Random(seed);
        var a = new float[n];
        for (int i = 0; i < n; i++) a[i] = sparse && rng.Next(3) == 0 ? 0f : (float)(rng.NextDouble() * 2 - 1);
        return a;
    }

    [Theory, MemberData(nameof(Shapes))]
    public void Fast_dense_forward_and_weight_gradient_match_the_naive_loops(int batch, int inputs, int outputs)
    {
        var x = Random(batch * inputs, 1, sparse: true);
        var w = Random(inputs * outputs, 2, sparse: false);
        var b = Random(outputs, 3, sparse: false);
        var dy = Random(batch * outputs, 4, sparse: true);
        var fast = new float[batch * outputs];
        var slow = new float[batch * outputs];
        DenseMath.DenseForward(x, batch, inputs, w, b, outputs, fast);
        DenseMath.Naive.DenseForward(x, batch, inputs, w, b, outputs, slow);
        AssertClose.Spans(slow, fast, rtol: 1e-5f, atol: 1e-5f);

        var dwFast = new float[inputs * outputs];
        var dwSlow = new float[inputs * outputs];
        var dbFast = new float[outputs];
        var dbSlow = new float[outputs];
        DenseMath.DenseBackwardWeights(x, dy, batch, inputs, outputs, dwFast, dbFast);
        DenseMath.Naive.DenseBackwardWeights(x, dy, batch, inputs, outputs, dwSlow, dbSlow);
        AssertClose.Spans(dwSlow, dwFast, rtol: 1e-5f, atol: 1e-5f);
        AssertClose.Spans(dbSlow, dbFast, rtol: 1e-5f, atol: 1e-5f);
    }
}

public sealed class DenseMathTransposeTests
{
    [Fact]
    public void Backward_input_through_the_transpose_equals_the_dot_product_form()
    {
        var rng = new Random(5);
        int batch = 6, inputs = 13, outputs = 37;
        var w = new float[inputs * outputs];
        var dy = new float[batch * outputs];
        for (int i = 0; i < w.Length; i++) w[i] = (float)rng.NextDouble() - 0.5f;
        for (int i = 0; i < dy.Length; i++) dy[i] = rng.Next(2) == 0 ? 0f : (float)rng.NextDouble() - 0.5f;
        var expected = new float[batch * inputs];
        DenseMath.DenseBackwardInput(dy, batch, w, inputs, outputs, expected);
        var transposed = new float[w.Length];
        DenseMath.Transpose(w, inputs, outputs, transposed);
        var actual = new float[batch * inputs];
        DenseMath.DenseForward(dy, batch, outputs, transposed, new float[inputs], inputs, actual);
        AssertClose.Spans(expected, actual, rtol: 1e-5f, atol: 1e-6f);
    }
}
