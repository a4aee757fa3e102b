using Sluice.Tensors;
using Sluice.Tensors.Execution;
using Sluice.Tensors.Random;
using Sluice.TestKit;

namespace Sluice.Tensors.Tests;

/// <summary>The estimator's linear model shape: multivalent ids → gather weights → segment-sum per example + bias.</summary>
public class SparseModelTests
{
    private static (Graph Graph, Variable Weights, Variable Bias) LinearModel()
    {
        var weights = new Variable("linear/weights", Tensor.RandomNormal(new Shape(1000, 1), new RandomGenerator(3)));
        var bias = new Variable("linear/bias", Tensor.Full(new Shape(1), 0.25f));
        var graph = Graph.Trace(inputs =>
        {
            var (labels, ids, rowOfId) = (inputs[0], inputs[1], inputs[2]);
            var logits = weights.Read().Gather(ids).SegmentSum(rowOfId, labels) + bias;   // (batch, 1)
            var loss = logits.SigmoidCrossEntropyWithLogits(labels).Mean();
            var grads = Autodiff.Gradients(loss, [weights, bias]);
            return [loss, logits, grads[0].Indices!, grads[0].Rows!, grads[1].Dense!];
        }, TensorSpec.Float32("labels", 40, 1), TensorSpec.Int64("ids", 200), TensorSpec.Int32("row_of_id", 200));
        return (graph, weights, bias);
    }

    [Theory]
    [InlineData(40, 200)]
    [InlineData(7, 23)]
    [InlineData(1, 1)]
    public void Linear_model_matches_eager_for_any_batch_and_id_count(int batch, int idCount)
    {
        var (graph, weights, _) = LinearModel();
        var plan = graph.Compile();
        var rng = new RandomGenerator((ulong)(batch * 1000 + idCount));
        var u = new float[idCount * 2];
        rng.FillUniform(u);
        var ids = new long[idCount];
        var rows = new int[idCount];
        for (int i = 0; i < idCount; i++)
        {
            ids[i] = u[i] < 0.1f ? -1 : (long)(u[i] * 1000);
            rows[i] = Math.Min(batch - 1, (int)(u[idCount + i] * batch));
        }
        var labels = Tensor.RandomUniform(new Shape(batch, 1), rng).Greater(0.5f).Cast(DType.Float32);
        var idTensor = Tensor.FromArray(ids, idCount);
        var rowTensor = Tensor.FromArray(rows, idCount);
        plan.SetInput(0, labels);
        plan.SetInput(1, idTensor);
        plan.SetInput(2, rowTensor);
        plan.Run();

        var eager = GraphInterpreter.Run(graph, labels, idTensor, rowTensor);
        AssertClose.Scalar(eager[0].ToScalar(), plan.Output(0)[0], 1e-5);
        AssertClose.Spans(eager[1].AsSpan(), plan.Output(1));
        Assert.Equal(ids, plan.Output<long>(2).ToArray());
        AssertClose.Spans(eager[3].AsSpan(), plan.Output(3));
        Assert.Equal([idCount, 1], plan.OutputDims(3).ToArray());

        // d loss / d logit_b = (σ(logit_b) - y_b) / batch; each id's row gradient is its example's value.
        var logits = plan.Output(1);
        var labelValues = labels.AsSpan();
        for (int i = 0; i < idCount; i++)
        {
            float expected = (1f / (1f + MathF.Exp(-logits[rows[i]])) - labelValues[rows[i]]) / batch;
            AssertClose.Scalar(expected, plan.Output(3)[i], 1e-4, 1e-6);
        }
        _ = weights;
    }

    [Fact]
    public void Two_plans_of_one_graph_run_concurrently_with_identical_results()
    {
        var (graph, _, _) = LinearModel();
        var plans = new[] { graph.Compile(), graph.Compile() };
        var labels = Tensor.Ones(new Shape(40, 1));
        var ids = Tensor.FromArray(Enumerable.Range(0, 200).Select(i => (long)(i * 7 % 1000)).ToArray(), 200);
        var rows = Tensor.FromArray(Enumerable.Range(0, 200).Select(i => i / 5).ToArray(), 200);
        var results = new float[2][];
        Parallel.For(0, 2, p =>
        {
            var plan = plans[p];
            for (int run = 0; run < 200; run++)
            {
                plan.SetInput(0, labels);
                plan.SetInput(1, ids);
                plan.SetInput(2, rows);
                plan.Run();
            }
            results[p] = plan.Output(1).ToArray();
        });
        Assert.Equal(results[0], results[1]);
    }

    [Fact]
    public void Using_a_variables_value_inside_a_trace_reads_the_variable_not_a_frozen_copy()
    {
        var w = new Variable("w", Tensor.Ones(new Shape(2)));
        var plan = Graph.Trace(x => x * w.Value.Exp(), TensorSpec.Float32("x", 2)).Compile();
        Assert.Contains("variable[w]", plan.Listing);
        plan.SetInput(0, Tensor.Ones(new Shape(2)));
        w.AsSpan()[0] = 0f;
        plan.Run();
        AssertClose.Spans([1f, MathF.E], plan.Output(0));
    }
}
