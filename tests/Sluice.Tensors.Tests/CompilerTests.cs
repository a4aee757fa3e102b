using Sluice.Tensors;
using Sluice.TestKit;

namespace Sluice.Tensors.Tests;

public class CompilerTests
{
    private static readonly CompileOptions NoFusion = new() { FuseElementwise = false };

    [Fact]
    public void Traced_graph_prints_a_readable_listing()
    {
        var graph = Graph.Trace(a => (a * a).Sum(), TensorSpec.Float32("a", 3));
        Assert.Equal("{ a:f32[3] -> b:f32[3] = mul a a ; c:f32[] = sum[axes=(0)] b ; return c }", graph.ToString());
    }

    [Fact]
    public void Listing_names_variables_and_inlines_scalar_constants()
    {
        var w = new Variable("w", Tensor.Ones(new Shape(3, 2)));
        var graph = Graph.Trace(x => x.MatMul(w) * 2f, TensorSpec.Float32("x", 4, 3));
        Assert.Equal("{ x:f32[4,3] -> a:f32[3,2] = variable[w] ; b:f32[4,2] = matmul x a ; c:f32[4,2] = mul b 2 ; return c }", graph.ToString());
    }

    [Fact]
    public void Constant_subgraphs_are_folded_once()
    {
        var table = Tensor.Arange(6).Reshape(2, 3);
        var plan = Graph.Trace(x => x * (table.Exp().Sum(0) + 1f), TensorSpec.Float32("x", 2, 3)).Compile(NoFusion);
        Assert.Equal(1, plan.StepCount);
        Assert.DoesNotContain("exp", plan.Listing);
    }

    [Fact]
    public void Common_subexpressions_are_computed_once()
    {
        var plan = Graph.Trace(x => (x * x).Exp() + (x * x).Tanh() + (x * 2f) + (x * 2f), TensorSpec.Float32("x", 5)).Compile(NoFusion);
        Assert.Equal(1, CountOccurrences(plan.Listing, "= mul x x"));
        Assert.Equal(1, CountOccurrences(plan.Listing, "= mul x 2"));
        Assert.Equal(7, plan.StepCount);   // mul, exp, tanh, add, mul, add, add
    }

    [Fact]
    public void Dead_code_is_removed()
    {
        var plan = Graph.Trace(x =>
        {
            _ = x.Exp().MatMul(x.Transpose());   // never used
            return x + 1f;
        }, TensorSpec.Float32("x", 3, 3)).Compile(NoFusion);
        Assert.Equal(1, plan.StepCount);
    }

    [Fact]
    public void Elementwise_chains_fuse_into_one_step_with_broadcast_inputs()
    {
        var bias = Tensor.FromArray(new float[] { 1, -1, 0.5f }, 3);
        var graph = Graph.Trace(x => (((x * 2f + bias).Exp() - x).Tanh() / x.Max(1, keepDims: true)).Relu(), TensorSpec.Float32("x", 40, 3));
        var plan = graph.Compile();
        Assert.Equal(2, plan.StepCount);   // max, then one fused pass
        Assert.Contains("fused", plan.Listing);
        var input = Tensor.RandomUniform(new Shape(40, 3), new Random.RandomGenerator(3), 0.1f, 2f);
        plan.SetInput(0, input);
        plan.Run();
        var eager = (((input * 2f + bias).Exp() - input).Tanh() / input.Max(1, keepDims: true)).Relu();
        AssertClose.Spans(eager.AsSpan(), plan.Output(0));
    }

    [Fact]
    public void A_value_read_twice_inside_one_fused_group_is_computed_once_in_it()
    {
        var plan = Graph.Trace(x =>
        {
            var t = x * 2f + 1f;               // read by exp and tanh, both in the group
            return t.Exp() * t.Tanh() - t;
        }, TensorSpec.Float32("x", 300)).Compile();
        Assert.Equal(1, plan.StepCount);
        var input = Tensor.Arange(-1.5f, 1.5f, 0.01f);
        plan.SetInput(0, input);
        plan.Run();
        var t = input * 2f + 1f;
        AssertClose.Spans((t.Exp() * t.Tanh() - t).AsSpan(), plan.Output(0));
    }

    [Fact]
    public void Fusion_handles_blocks_larger_than_its_register_width()
    {
        var plan = Graph.Trace(x => (x * 3f + 1f).Sigmoid(), TensorSpec.Float32("x", 1000)).Compile();
        Assert.Equal(1, plan.StepCount);
        var input = Tensor.Arange(-500f, 500f);
        plan.SetInput(0, input);
        plan.Run();
        AssertClose.Spans((input * 3f + 1f).Sigmoid().AsSpan(), plan.Output(0));
    }

    [Fact]
    public void Buffers_are_reused_after_their_last_use()
    {
        var w = new Variable("w", Tensor.Full(new Shape(64, 64), 0.01f));
        var graph = Graph.Trace(x =>
        {
            var h = x;
            for (int i = 0; i < 6; i++) h = h.MatMul(w);
            return h;
        }, TensorSpec.Float32("x", 64, 64));
        long reused = graph.Compile().BufferBytes, naive = graph.Compile(new CompileOptions { ReuseBuffers = false }).BufferBytes;
        Assert.Equal(6 * 64 * 64 * 4, naive);
        Assert.Equal(2 * 64 * 64 * 4, reused);   // ping-pong between two slots; the last one is the output
    }

    [Fact]
    public void Reshape_is_a_view_and_keeps_its_source_alive()
    {
        var plan = Graph.Trace(x =>
        {
            var y = x.Exp();
            var v = y.Reshape(-1);
            var z = (x * 2f).MatMul(x);       // allocated while v is still needed
            return v.Sum() + z.Sum();
        }, TensorSpec.Float32("x", 4, 4)).Compile();
        var input = Tensor.RandomUniform(new Shape(4, 4), new Random.RandomGenerator(1));
        plan.SetInput(0, input);
        plan.Run();
        AssertClose.Scalar(input.Exp().Sum().ToScalar() + (input * 2f).MatMul(input).Sum().ToScalar(), plan.Output(0)[0], 1e-5);
    }

    [Fact]
    public void Elementwise_steps_overwrite_a_dying_input_in_place()
    {
        var w = new Variable("w", Tensor.Full(new Shape(64, 64), 0.01f));
        var graph = Graph.Trace(x => (x.MatMul(w).Exp().MatMul(w) + 1f).Tanh().MatMul(w), TensorSpec.Float32("x", 64, 64));
        var plan = graph.Compile(new CompileOptions { FuseElementwise = false });
        // matmul → exp (in place) → matmul → add (in place) → tanh (in place) → matmul: two slots suffice.
        Assert.Equal(2 * 64 * 64 * 4, plan.BufferBytes);
        var x = Tensor.RandomUniform(new Shape(64, 64), new Random.RandomGenerator(2));
        plan.SetInput(0, x);
        plan.Run();
        var eager = (x.MatMul(w).Exp().MatMul(w) + 1f).Tanh().MatMul(w);
        AssertClose.Spans(eager.AsSpan(), plan.Output(0));
    }

    [Fact]
    public void Row_slices_are_views_and_follow_the_run_time_batch()
    {
        var plan = Graph.Trace(x => [x[0].Slice(0, 2, 3).Exp(), x[0].Slice(1, 1, 1)], TensorSpec.Float32("x", 8, 2)).Compile();
        Assert.Equal((3 * 2 + 8 * 1) * 4, plan.BufferBytes);   // exp's output and the column copy; the row slice is a view
        var x = Tensor.Arange(16).Reshape(8, 2) * 0.1f;
        plan.SetInput(0, x);
        plan.Run();
        AssertClose.Spans(x.Slice(0, 2, 3).Exp().AsSpan(), plan.Output(0));
        AssertClose.Spans(x.Slice(1, 1, 1).AsSpan(), plan.Output(1));
        var view = x.Slice(0, 2, 3);
        view.AsSpan()[0] = 42f;
        Assert.Equal(42f, x[2, 0]);
    }

    private static int CountOccurrences(string text, string part)
    {
        int count = 0;
        for (int i = text.IndexOf(part, StringComparison.Ordinal); i >= 0; i = text.IndexOf(part, i + 1, StringComparison.Ordinal)) count++;
        return count;
    }
}
