using Sluice.Tensors;
using Sluice.Tensors.Random;
using Sluice.TestKit;

namespace Sluice.Tensors.Tests;

public class PlanTests
{
    [Fact]
    public void Training_step_allocates_nothing_after_warm_up_even_when_the_batch_varies()
    {
        var model = new TinyModel(seed: 1);
        var plan = model.Compile(seed: 3);
        var data = new TinyData(seed: 2);
        for (int i = 0; i < 3; i++) model.Step(plan, data, batch: i % 2 == 0 ? 40 : 17);

        int run = 0;
        void Step() => model.Step(plan, data, batch: run++ % 3 == 0 ? 17 : 40);
        Assert.Equal(0, Allocations.PerWindowAfterWarmUp(Step, repeats: 300));
    }

    [Fact]
    public void Training_reduces_the_loss()
    {
        var model = new TinyModel(seed: 1);
        var plan = model.Compile(seed: 3);
        var data = new TinyData(seed: 2);
        float first = 0, last = 0;
        for (int i = 0; i < 400; i++)
        {
            float loss = model.Step(plan, data, batch: 40);
            if (i < 20) first += loss / 20;
            if (i >= 380) last += loss / 20;
        }
        Assert.True(last < first * 0.5f, $"loss went from {first} to {last}");
    }

    [Fact]
    public void Same_seed_gives_bit_identical_training_and_another_seed_does_not()
    {
        float[] Train(ulong dropoutSeed)
        {
            var model = new TinyModel(seed: 1);
            var plan = model.Compile(dropoutSeed);
            var data = new TinyData(seed: 2);
            for (int i = 0; i < 25; i++) model.Step(plan, data, batch: 40);
            return [.. model.W1.AsSpan(), .. model.Embedding.AsSpan()[..64]];
        }
        var a = Train(5);
        Assert.Equal(a, Train(5));
        Assert.NotEqual(a, Train(6));
    }

    [Fact]
    public void Batch_size_may_shrink_between_runs_and_means_use_the_run_time_count()
    {
        var w = new Variable("w", Tensor.Arange(6).Reshape(3, 2));
        var plan = Graph.Trace(x => [x[0].MatMul(w).Mean(), x[0].MatMul(w).Softmax()], TensorSpec.Float32("x", 40, 3)).Compile();
        var rng = new RandomGenerator(4);
        foreach (int batch in new[] { 40, 17, 1, 40 })
        {
            var x = Tensor.RandomUniform(new Shape(batch, 3), rng);
            plan.SetInput(0, x);
            plan.Run();
            AssertClose.Scalar(x.MatMul(w).Mean().ToScalar(), plan.Output(0)[0], 1e-5);
            Assert.Equal([batch, 2], plan.OutputDims(1).ToArray());
            AssertClose.Spans(x.MatMul(w).Softmax().AsSpan(), plan.Output(1));
        }
    }

    [Fact]
    public void An_empty_batch_runs_and_gives_zero_gradients()
    {
        var model = new TinyModel(seed: 1);
        var plan = model.Compile(seed: 3);
        plan.Input<float>(0, 0, 4);
        plan.Input<int>(1, 0);
        plan.Input<float>(2, 0, 1);
        plan.Run();
        Assert.True(float.IsNaN(plan.Output(0)[0]));   // the mean of no losses
        Assert.All(plan.Output(1).ToArray(), g => Assert.Equal(0f, g));   // dW1 = Xᵀ·g with no rows
        Assert.All(plan.Output(2).ToArray(), g => Assert.Equal(0f, g));   // db1 = Σ over no rows
        Assert.Equal(0, plan.Output<int>(5).Length);
    }

    [Fact]
    public void Embedding_gradient_is_sparse_by_rows_and_costs_only_the_touched_rows()
    {
        var table = new Variable("embedding", Tensor.Zeros(new Shape(1_000_000, 8)));
        var weights = Tensor.RandomUniform(new Shape(40, 8), new RandomGenerator(8));
        VariableGradient? gradient = null;
        var plan = Graph.Trace(inputs =>
        {
            var (ids, w) = (inputs[0], inputs[1]);
            var loss = (table.Read().Gather(ids) * w).Sum();
            gradient = Autodiff.Gradients(loss, [table])[0];
            return [loss, gradient.Indices!, gradient.Rows!];
        }, TensorSpec.Int64("ids", 40), TensorSpec.Float32("weights", 40, 8)).Compile();
        Assert.True(gradient!.IsSparse);
        Assert.Null(gradient.Dense);
        Assert.True(plan.BufferBytes < 8 * 40 * 8 * 4, $"plan buffers {plan.BufferBytes} bytes");

        var ids = new long[40];
        for (int i = 0; i < 40; i++) ids[i] = i % 7 == 3 ? -1 : 999_000 + i % 13;
        ids.CopyTo(plan.Input<long>(0, 40));
        plan.SetInput(1, weights);
        plan.Run();
        Assert.Equal(ids, plan.Output<long>(1).ToArray());
        AssertClose.Spans(weights.AsSpan(), plan.Output(2));

        // Fewer ids next run: the gradient shrinks with them.
        ids.AsSpan(0, 5).CopyTo(plan.Input<long>(0, 5));
        plan.SetInput(1, weights.Rows(0, 5));
        plan.Run();
        Assert.Equal([5, 8], plan.OutputDims(2).ToArray());
    }

    [Fact]
    public void Variable_updates_are_seen_by_the_next_run()
    {
        var v = new Variable("v", Tensor.Ones(new Shape(3)));
        var plan = Graph.Trace(x => x * v, TensorSpec.Float32("x", 3)).Compile();
        plan.SetInput(0, Tensor.Full(new Shape(3), 2f));
        plan.Run();
        AssertClose.Spans([2, 2, 2], plan.Output(0));
        v.AsSpan()[1] = 5;
        plan.Run();
        AssertClose.Spans([2, 10, 2], plan.Output(0));
    }

    [Fact]
    public void Bad_inputs_are_rejected_with_the_input_name()
    {
        var plan = Graph.Trace(x => x.Exp(), TensorSpec.Float32("features", 40, 3)).Compile();
        var tooBig = Assert.Throws<ArgumentException>(() => plan.Input<float>(0, 41, 3));
        Assert.Contains("features", tooBig.Message);
        Assert.Throws<ArgumentException>(() => plan.Input<float>(0, 40, 4));
        Assert.Throws<ArgumentException>(() => plan.Input<int>(0, 40, 3));
        Assert.Throws<ArgumentException>(() => plan.InputIndex("labels"));
        Assert.Equal(0, plan.InputIndex("features"));
    }

    [Fact]
    public void Dropout_masks_change_every_run_and_restore_with_the_random_state()
    {
        var plan = Graph.Trace(x => x.Dropout(0.5f, seed: 1), TensorSpec.Float32("x", 64)).Compile(new CompileOptions { Seed = 9 });
        plan.SetInput(0, Tensor.Ones(new Shape(64)));
        var state = plan.RandomState;
        plan.Run();
        var first = plan.Output(0).ToArray();
        plan.Run();
        Assert.NotEqual(first, plan.Output(0).ToArray());
        plan.RandomState = state;
        plan.Run();
        Assert.Equal(first, plan.Output(0).ToArray());
        Assert.All(first, v => Assert.True(v == 0f || v == 2f));
        Assert.InRange(first.Count(v => v == 0f), 16, 48);
    }
}

/// <summary>A small wide-and-deep style model: dense features + an embedding → 16 relu (dropout) → logit.</summary>
internal sealed class TinyModel
{
    public TinyModel(ulong seed)
    {
        var rng = new RandomGenerator(seed);
        W1 = new Variable("w1", Tensor.TruncatedNormal(new Shape(8, 16), rng, 0, 0.3f));
        B1 = new Variable("b1", Tensor.Zeros(new Shape(16)));
        W2 = new Variable("w2", Tensor.TruncatedNormal(new Shape(16, 1), rng, 0, 0.3f));
        B2 = new Variable("b2", Tensor.Zeros(new Shape(1)));
        Embedding = new Variable("embedding", Tensor.TruncatedNormal(new Shape(100, 4), rng, 0, 0.1f));
        Dense = [W1, B1, W2, B2];
    }

    public Variable W1 { get; }
    public Variable B1 { get; }
    public Variable W2 { get; }
    public Variable B2 { get; }
    public Variable Embedding { get; }
    private Variable[] Dense { get; }

    public Plan Compile(ulong seed) => Graph.Trace(inputs =>
    {
        var (x, ids, y) = (inputs[0], inputs[1], inputs[2]);
        var features = Tensor.Concat(1, x, Embedding.Read().Gather(ids));
        var hidden = (features.MatMul(W1) + B1).Relu().Dropout(0.1f, seed: 17);
        var logits = hidden.MatMul(W2) + B2;
        var loss = logits.SigmoidCrossEntropyWithLogits(y).Mean();
        var grads = Autodiff.Gradients(loss, [.. Dense, Embedding]);
        return [loss, grads[0].Dense!, grads[1].Dense!, grads[2].Dense!, grads[3].Dense!, grads[4].Indices!, grads[4].Rows!];
    }, TensorSpec.Float32("x", 40, 4), TensorSpec.Int32("ids", 40), TensorSpec.Float32("y", 40, 1)).Compile(new CompileOptions { Seed = seed });

    /// <summary>One SGD step (learning rate 0.5) applied in place; returns the loss.</summary>
    public float Step(Plan plan, TinyData data, int batch)
    {
        data.Fill(plan, batch);
        plan.Run();
        var dense = Dense;
        for (int v = 0; v < dense.Length; v++)
        {
            var w = dense[v].AsSpan();
            var g = plan.Output(1 + v);
            for (int i = 0; i < w.Length; i++) w[i] -= 0.5f * g[i];
        }
        var ids = plan.Output<int>(5);
        var rows = plan.Output(6);
        var table = Embedding.AsSpan();
        for (int k = 0; k < ids.Length; k++)
        {
            if (ids[k] < 0) continue;
            var row = table.Slice(ids[k] * 4, 4);
            for (int j = 0; j < 4; j++) row[j] -= 0.5f * rows[k * 4 + j];
        }
        return plan.Output(0)[0];
    }
}

/// <summary>Synthetic labels: y = 1 when x0 + x1 plus the id's hidden sign is positive.</summary>
internal sealed class TinyData(ulong seed)
{
    private readonly RandomGenerator _rng = new(seed);
    private readonly float[] _x = new float[160];
    private readonly float[] _u = new float[40];

    public void Fill(Plan plan, int batch)
    {
        var x = plan.Input<float>(0, batch, 4);
        var ids = plan.Input<int>(1, batch);
        var y = plan.Input<float>(2, batch, 1);
        _rng.FillUniform(_x, -1f, 1f);
        _rng.FillUniform(_u);
        for (int i = 0; i < batch; i++)
        {
            int id = (int)(_u[i] * 100);
            ids[i] = id % 10 == 9 ? -1 : id;
            float hidden = ids[i] < 0 ? 0f : (id % 2 == 0 ? 0.8f : -0.8f);
            _x.AsSpan(i * 4, 4).CopyTo(x.Slice(i * 4, 4));
            y[i] = x[i * 4] + x[i * 4 + 1] + hidden > 0 ? 1f : 0f;
        }
    }
}
