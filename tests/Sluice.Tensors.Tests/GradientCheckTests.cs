using Sluice.Tensors;
using Sluice.Tensors.Random;
using Sluice.TestKit;

namespace Sluice.Tensors.Tests;

public class GradientCheckTests
{
    private static Tensor Ids(params int[] ids) => Tensor.FromArray(ids, ids.Length);

    public static TheoryData<GradCase> Cases => new()
    {
        new("neg", x => -x[0], [3, 4]),
        new("exp", x => x[0].Exp(), [3, 4]),
        new("log", x => x[0].Log(), [3, 4]) { PositiveInputs = true },
        new("sqrt", x => x[0].Sqrt(), [3, 4]) { PositiveInputs = true },
        new("abs", x => x[0].Abs(), [3, 4]),
        new("sigmoid", x => x[0].Sigmoid(), [3, 4]),
        new("tanh", x => x[0].Tanh(), [3, 4]),
        new("add_bias_row", x => x[0] + x[1], [3, 4], [4]),
        new("sub_column", x => x[0] - x[1], [3, 4], [3, 1]),
        new("mul_outer", x => x[0] * x[1], [3, 1], [1, 4]),
        new("div", x => x[0] / x[1], [3, 4], [3, 4]) { PositiveInputs = true },
        new("maximum", x => Tensor.Maximum(x[0], x[1]), [3, 4], [3, 4]),
        new("minimum", x => Tensor.Minimum(x[0], x[1] * 1.5f), [3, 4], [4]),
        new("pow", x => x[0].Pow(x[1]), [3, 4], [3, 4]) { PositiveInputs = true },
        new("where", x => Tensor.Where(x[0].Greater(0f), x[0] * 2f, x[1]), [3, 4], [4]),
        new("relu_clip", x => x[0].Relu() + x[0].Clip(-0.5f, 0.5f), [5, 3]),
        new("sum_axes", x => x[0].Sum([0, 2]), [2, 3, 4]),
        new("sum_keep", x => x[0].Sum(1, keepDims: true) * x[0], [3, 4]),
        new("mean", x => x[0].Mean(0), [5, 3]),
        new("max", x => x[0].Max(1), [3, 4]),
        new("min_all", x => x[0].Min(), [3, 4]),
        new("logsumexp", x => x[0].LogSumExp(1), [3, 4]),
        new("softmax", x => x[0].Softmax(), [3, 4]),
        new("log_softmax", x => x[0].LogSoftmax(0), [3, 4]),
        new("matmul", x => x[0].MatMul(x[1]), [3, 4], [4, 5]),
        new("matmul_ta", x => x[0].MatMul(x[1], transposeA: true), [4, 3], [4, 5]),
        new("matmul_tb", x => x[0].MatMul(x[1], transposeB: true), [3, 4], [5, 4]),
        new("matmul_ta_tb", x => x[0].MatMul(x[1], true, true), [4, 3], [5, 4]),
        new("matmul_batched", x => x[0].MatMul(x[1]), [2, 3, 4], [2, 4, 5]),
        new("matmul_shared_b", x => x[0].MatMul(x[1]), [2, 3, 4], [4, 5]),
        new("matmul_shared_b_tb", x => x[0].MatMul(x[1], transposeB: true), [2, 3, 4], [5, 4]),
        new("reshape", x => x[0].Reshape(-1, 2).Exp(), [3, 4]),
        new("permute", x => x[0].Permute(2, 0, 1), [2, 3, 4]),
        new("transpose", x => x[0].Transpose(), [3, 4]),
        new("concat", x => Tensor.Concat(1, x[0], x[1] * 2f), [3, 2], [3, 4]),
        new("slice", x => x[0].Slice(1, 1, 2), [3, 4]),
        new("broadcast_like", x => x[0].BroadcastLike(x[1]) * x[1], [4], [3, 4]),
        new("gather", x => x[0].Gather(Ids(2, 0, -1, 2)), [3, 4]),
        new("gather_2d_ids", x => x[0].Gather(Tensor.FromArray(new[] { 1, 0, 1, 1 }, 2, 2)).Sum(1), [3, 4]),
        new("segment_sum", x => x[0].SegmentSum(Ids(1, 1, -1, 0), 3), [4, 2]),
        new("scatter_add", x => x[0].ScatterAdd(Ids(0, 2), x[1]), [3, 2], [2, 2]),
        new("sigmoid_cross_entropy", x => x[0].SigmoidCrossEntropyWithLogits(x[1].Sigmoid()), [3, 4], [3, 4]),
        new("softmax_cross_entropy", x => x[0].SoftmaxCrossEntropyWithLogits(x[1].Softmax()), [3, 4], [3, 4]),
        new("sparse_softmax_cross_entropy", x => x[0].SparseSoftmaxCrossEntropyWithLogits(Ids(3, 0, 1)), [3, 4]),
        new("square_used_twice", x => x[0] * x[0] + x[0].Exp() * x[0], [3, 4]),
        new("cast_roundtrip", x => x[0].Cast(DType.Float32) * 3f, [3]),
    };

    [Theory, MemberData(nameof(Cases))]
    public void Gradient_matches_finite_difference(GradCase c) => GradCheck.Assert(c);

    [Theory, MemberData(nameof(Cases))]
    public void Compiled_forward_matches_eager_with_and_without_optimisations(GradCase c)
    {
        var inputs = GradCheck.Inputs(c, seed: 11);
        var eager = c.Function(inputs);
        foreach (var options in new[] { new CompileOptions(), new CompileOptions { FoldConstants = false, EliminateCommonSubexpressions = false, FuseElementwise = false, ReuseBuffers = false } })
        {
            var plan = Graph.Trace(x => [c.Function(x)], c.InputShapes.Select((s, i) => TensorSpec.Float32($"x{i}", s)).ToArray()).Compile(options);
            for (int i = 0; i < inputs.Length; i++) plan.SetInput(i, inputs[i]);
            plan.Run();
            Assert.Equal(eager.Shape, new Shape(plan.OutputDims(0)));
            AssertClose.Spans(eager.AsSpan(), plan.Output(0), 1e-5f, 1e-6f);
        }
    }
}
