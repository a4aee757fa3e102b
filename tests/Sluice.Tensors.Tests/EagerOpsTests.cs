using Sluice.Tensors;
using Sluice.Tensors.Random;
using Sluice.TestKit;

namespace Sluice.Tensors.Tests;

public class EagerOpsTests
{
    private static Tensor T(float[] values, params int[] dims) => Tensor.FromArray(values, dims);

    [Fact]
    public void Elementwise_binary_broadcasts_a_bias_row_and_a_column()
    {
        var x = T([1, 2, 3, 4, 5, 6], 2, 3);
        AssertClose.Spans([11, 22, 33, 14, 25, 36], (x + T([10, 20, 30], 3)).AsSpan());
        AssertClose.Spans([0, 1, 2, 0, 1, 2], (x - T([1, 4], 2, 1)).AsSpan());
        AssertClose.Spans([2, 4, 6, 8, 10, 12], (x * 2f).AsSpan());
        AssertClose.Spans([1, 0.5f, 1f / 3, 0.25f, 0.2f, 1f / 6], (1f / x).AsSpan());
    }

    [Fact]
    public void General_broadcast_matches_an_outer_product()
    {
        var col = T([1, 2, 3], 3, 1);
        var row = T([10, 20], 1, 2);
        var z = col * row;
        Assert.Equal(new Shape(3, 2), z.Shape);
        AssertClose.Spans([10, 20, 20, 40, 30, 60], z.AsSpan());
        // Middle-axis broadcast (not a fast path): (2,1,2) + (1,3,1).
        var a = T([1, 2, 3, 4], 2, 1, 2);
        var b = T([10, 20, 30], 1, 3, 1);
        AssertClose.Spans([11, 12, 21, 22, 31, 32, 13, 14, 23, 24, 33, 34], (a + b).AsSpan());
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(70)]
    public void Unary_ops_match_math_on_every_tail_length(int n)
    {
        var values = new float[n];
        for (int i = 0; i < n; i++) values[i] = (i - n / 2f) * 0.37f;
        var x = Tensor.FromArray(values, n);
        var exp = x.Exp().AsSpan();
        var tanh = x.Tanh().AsSpan();
        var sig = x.Sigmoid().AsSpan();
        var abs = x.Abs().AsSpan();
        for (int i = 0; i < n; i++)
        {
            AssertClose.Scalar(Math.Exp(values[i]), exp[i], 1e-5);
            AssertClose.Scalar(Math.Tanh(values[i]), tanh[i], 1e-5, 1e-6);
            AssertClose.Scalar(1 / (1 + Math.Exp(-values[i])), sig[i], 1e-5);
            Assert.Equal(Math.Abs(values[i]), abs[i]);
        }
    }

    [Fact]
    public void Sigmoid_and_tanh_saturate_without_nan()
    {
        var x = T([-1000, -100, 100, 1000], 4);
        AssertClose.Spans([0, 0, 1, 1], x.Sigmoid().AsSpan());
        AssertClose.Spans([-1, -1, 1, 1], x.Tanh().AsSpan());
    }

    [Fact]
    public void Reductions_over_any_axes_with_and_without_keep_dims()
    {
        var x = Tensor.Arange(24).Reshape(2, 3, 4);
        Assert.Equal(276f, x.Sum().ToScalar());
        var s1 = x.Sum(1);
        Assert.Equal(new Shape(2, 4), s1.Shape);
        AssertClose.Spans([12, 15, 18, 21, 48, 51, 54, 57], s1.AsSpan());
        var s02 = x.Sum([0, 2], keepDims: true);
        Assert.Equal(new Shape(1, 3, 1), s02.Shape);
        AssertClose.Spans([60, 92, 124], s02.AsSpan());
        AssertClose.Spans([3, 7, 11, 15, 19, 23], x.Max(-1).AsSpan());
        AssertClose.Spans([0, 1, 2, 3], x.Min([0, 1]).AsSpan());
        AssertClose.Spans([1.5f, 5.5f, 9.5f, 13.5f, 17.5f, 21.5f], x.Mean(2).AsSpan());
        Assert.Equal([2, 2, 2, 2, 2, 2, 2, 2], x.ArgMax(1).ToArray<int>());
    }

    [Fact]
    public void LogSumExp_and_softmax_are_stable_for_large_logits()
    {
        var x = T([1000, 1000, 0, 1], 2, 2);
        AssertClose.Spans([1000 + MathF.Log(2), MathF.Log(1 + MathF.E)], x.LogSumExp(1).AsSpan(), 1e-6f);
        var p = x.Softmax();
        AssertClose.Spans([0.5f, 0.5f, 1 / (1 + MathF.E), MathF.E / (1 + MathF.E)], p.AsSpan());
        AssertClose.Spans([MathF.Log(0.5f), MathF.Log(0.5f)], x.LogSoftmax().Slice(0, 0, 1).AsSpan(), 1e-6f, 1e-6f);
    }

    [Fact]
    public void Matmul_with_transposes_and_batches_matches_naive_products()
    {
        var a = T([1, 2, 3, 4, 5, 6], 2, 3);
        var b = T([7, 8, 9, 10, 11, 12], 3, 2);
        AssertClose.Spans([58, 64, 139, 154], a.MatMul(b).AsSpan());
        AssertClose.Spans([58, 64, 139, 154], a.Transpose().MatMul(b, transposeA: true).AsSpan());
        AssertClose.Spans([58, 64, 139, 154], a.MatMul(b.Transpose(), transposeB: true).AsSpan());
        AssertClose.Spans([58, 64, 139, 154], a.Transpose().MatMul(b.Transpose(), true, true).AsSpan());
        var batched = Tensor.Concat(0, a.Reshape(1, 2, 3), (a * 2f).Reshape(1, 2, 3)).MatMul(b);
        Assert.Equal(new Shape(2, 2, 2), batched.Shape);
        AssertClose.Spans([58, 64, 139, 154, 116, 128, 278, 308], batched.AsSpan());
    }

    [Fact]
    public void Reshape_and_rows_are_views_sharing_storage()
    {
        var x = Tensor.Arange(6);
        var m = x.Reshape(-1, 3);
        Assert.Equal(new Shape(2, 3), m.Shape);
        m.AsSpan()[4] = 40;
        Assert.Equal(40f, x.AsSpan()[4]);
        var row = m.Rows(1, 1);
        AssertClose.Spans([3, 40, 5], row.AsSpan());
    }

    [Fact]
    public void Permute_concat_and_slice_move_the_right_elements()
    {
        var x = Tensor.Arange(24).Reshape(2, 3, 4);
        var p = x.Permute(2, 0, 1);
        Assert.Equal(new Shape(4, 2, 3), p.Shape);
        Assert.Equal(x[1, 2, 3], p[3, 1, 2]);
        Assert.Equal(x[0, 1, 2], p[2, 0, 1]);
        var c = Tensor.Concat(1, T([1, 2], 2, 1), T([3, 4, 5, 6], 2, 2));
        AssertClose.Spans([1, 3, 4, 2, 5, 6], c.AsSpan());
        AssertClose.Spans([3, 5], c.Slice(1, 1, 1).AsSpan());
    }

    [Fact]
    public void Gather_and_segment_sum_skip_negative_ids()
    {
        var table = T([0, 1, 10, 11, 20, 21], 3, 2);
        var ids = Tensor.FromArray(new[] { 2, -1, 0 }, 3);
        AssertClose.Spans([20, 21, 0, 0, 0, 1], table.Gather(ids).AsSpan());
        var rows = T([1, 1, 2, 2, 3, 3, 4, 4], 4, 2);
        var seg = rows.SegmentSum(Tensor.FromArray(new long[] { 1, 1, -1, 0 }, 4), 3);
        AssertClose.Spans([4, 4, 3, 3, 0, 0], seg.AsSpan());
        var e = Assert.Throws<IndexOutOfRangeException>(() => table.Gather(Tensor.FromArray(new[] { 3 }, 1)));
        Assert.Contains("id 3", e.Message);
    }

    [Fact]
    public void One_hot_comparisons_where_and_clip()
    {
        var ids = Tensor.FromArray(new[] { 1, -1, 0 }, 3);
        AssertClose.Spans([0, 1, 0, 0, 1, 0], ids.OneHot(2).AsSpan());
        var x = T([-2, 0.5f, 3], 3);
        Assert.Equal([false, true, true], x.Greater(0f).ToArray<bool>());
        AssertClose.Spans([0, 0.5f, 3], Tensor.Where(x.Greater(0f), x, 0f).AsSpan());
        AssertClose.Spans([-1, 0.5f, 1], x.Clip(-1, 1).AsSpan());
        AssertClose.Spans([0, 0.5f, 3], x.Relu().AsSpan());
    }

    [Fact]
    public void Sigmoid_cross_entropy_is_stable_and_matches_the_definition()
    {
        var logits = T([-100, -1, 0, 2, 100], 5);
        var labels = T([0, 1, 1, 0, 1], 5);
        var loss = logits.SigmoidCrossEntropyWithLogits(labels).AsSpan();
        for (int i = 0; i < 5; i++)
        {
            double x = logits.AsSpan()[i], z = labels.AsSpan()[i];
            double expected = Math.Max(x, 0) - x * z + Math.Log(1 + Math.Exp(-Math.Abs(x)));
            AssertClose.Scalar(expected, loss[i], 1e-5, 1e-6);
        }
        var ce = T([2, 1, 0, 0, 0, 50], 2, 3).SparseSoftmaxCrossEntropyWithLogits(Tensor.FromArray(new[] { 0, 2 }, 2)).AsSpan();
        AssertClose.Scalar(-Math.Log(Math.Exp(2) / (Math.Exp(2) + Math.Exp(1) + 1)), ce[0], 1e-5);
        AssertClose.Scalar(0, ce[1], 1e-5, 1e-5);
    }

    [Fact]
    public void Random_streams_are_reproducible_and_restorable()
    {
        var rng = new RandomGenerator(42);
        var a = Tensor.RandomNormal(new Shape(1000), rng);
        var state = rng.State;
        var b = Tensor.RandomUniform(new Shape(10), rng);
        rng.State = state;
        var c = Tensor.RandomUniform(new Shape(10), rng);
        Assert.Equal(b.ToArray(), c.ToArray());
        Assert.Equal(a.ToArray(), Tensor.RandomNormal(new Shape(1000), new RandomGenerator(42)).ToArray());
        Assert.NotEqual(a.ToArray(), Tensor.RandomNormal(new Shape(1000), new RandomGenerator(43)).ToArray());
        AssertClose.Scalar(0, a.Mean().ToScalar(), 0, 0.1);
        AssertClose.Scalar(1, (a * a).Mean().ToScalar(), 0, 0.1);
        var t = Tensor.TruncatedNormal(new Shape(5000), rng, 0, 0.5f);
        Assert.True(t.Abs().Max().ToScalar() <= 1f);
        var u = Tensor.RandomUniform(new Shape(5000), rng, 2, 3);
        Assert.True(u.Min().ToScalar() >= 2f && u.Max().ToScalar() < 3f);
    }

    [Fact]
    public void Variable_storage_is_stable_and_assignable()
    {
        var v = new Variable("w", Tensor.Zeros(new Shape(2, 2)));
        var before = v.Value;
        v.AsSpan()[3] = 5;
        v.Assign(Tensor.Ones(new Shape(2, 2)));
        Assert.Same(before, v.Value);
        Assert.Equal(4f, ((Tensor)v).Sum().ToScalar());
        Assert.Throws<ArgumentException>(() => v.Assign(Tensor.Ones(new Shape(3))));
    }

    [Fact]
    public void Bad_shapes_fail_with_the_op_and_shapes_in_the_message()
    {
        var e = Assert.Throws<ArgumentException>(() => Tensor.Zeros(new Shape(2, 3)).MatMul(Tensor.Zeros(new Shape(4, 5))));
        Assert.Contains("matmul", e.Message);
        Assert.Contains("[2,3]", e.Message);
        var r = Assert.Throws<ArgumentException>(() => Tensor.Zeros(new Shape(2, 3)).Reshape(4, -1));
        Assert.Contains("reshape", r.Message);
    }
}
