using Sluice.Learning.Checkpoints;
using Sluice.Learning.Clipping;
using Sluice.Learning.Layers;
using Sluice.Learning.Losses;
using Sluice.Learning.Optimizers;
using Sluice.Learning.Training;
using Sluice.Tensors;
using Sluice.Tensors.Random;
using Sluice.TestKit;

namespace Sluice.Learning.Tests.Training;

public sealed class ClippingInStepTests
{
    [Fact]
    public void In_graph_global_norm_covers_sparse_rows_and_dense_gradients_and_scales_both()
    {
        // Reference: the raw gradients of the same model from Autodiff, their norm computed on spans.
        (Embedding embedding, Dense head, TensorSpec[] specs, Func<Tensor[], Tensor> loss) = Build();
        Graph graph = Graph.Trace(t =>
        {
            Tensor l = loss(t);
            var outputs = new List<Tensor> { l };
            IReadOnlyList<VariableGradient> gradients = Autodiff.Gradients(l, [embedding.Table, .. head.Variables]);
            Assert.True(gradients[0].IsSparse);
            foreach (VariableGradient g in gradients) outputs.Add(g.IsSparse ? g.Rows! : g.Dense!);
            outputs.Add(gradients[0].Indices!.Cast(DType.Int64));
            return [.. outputs];
        }, specs);
        Plan plan = graph.Compile();
        Fill(plan.Input<int>(0, 3, 2), plan.Input<float>(1, 3, 1));
        plan.Run();
        double sumOfSquares = 0;
        for (int i = 1; i < plan.OutputCount - 1; i++) sumOfSquares += GlobalNormClipping.SumOfSquares(plan.Output(i));
        double expectedNorm = Math.Sqrt(sumOfSquares);
        Assert.True(expectedNorm > 0.5, $"the test needs a sizeable gradient, got {expectedNorm}");

        // Same model values in a step clipped to a tenth of that norm, with SGD lr 1: every update is gradient·clip/norm.
        float[] tableBefore = embedding.Table.AsSpan().ToArray();
        float clip = (float)(expectedNorm / 10);
        var step = new TrainingStep(specs, t => [loss(t)],
            [new OptimizerAssignment(new GradientDescent(1f), [embedding.Table, .. head.Variables])],
            new TrainingStepOptions { ClipNorm = clip });
        Fill(step.Input<int>(0, 3, 2), step.Input<float>(1, 3, 1));
        step.Run();
        AssertClose.Scalar(expectedNorm, step.GlobalNorm, rtol: 1e-5);

        // Each touched row moved by −(its summed gradient rows)·clip/norm; untouched rows did not move.
        ReadOnlySpan<long> ids = plan.Output<long>(plan.OutputCount - 1);
        ReadOnlySpan<float> rows = plan.Output(1);
        float[] expected = (float[])tableBefore.Clone();
        float scale = (float)(clip / expectedNorm);
        for (int k = 0; k < ids.Length; k++)
            if (ids[k] >= 0)
                for (int c = 0; c < 3; c++) expected[ids[k] * 3 + c] -= rows[k * 3 + c] * scale;
        AssertClose.Spans(expected, embedding.Table.AsSpan(), rtol: 1e-4f, atol: 1e-6f);
        Assert.Equal(tableBefore[2 * 3], embedding.Table.AsSpan()[2 * 3]);
    }

    [Fact]
    public void Variables_round_trip_through_an_inference_checkpoint()
    {
        (Embedding embedding, Dense head, _, _) = Build();
        Checkpoint saved = Checkpoint.FromVariables(7, [embedding.Table, .. head.Variables]);
        float[] kernel = head.Kernel.AsSpan().ToArray();
        head.Kernel.AsSpan().Clear();
        saved.RestoreVariables(head.Variables);
        Assert.Equal(kernel, head.Kernel.AsSpan().ToArray());

        var other = new Dense("head", 2, 3, Activation.Linear, new RandomGenerator(1));
        var error = Assert.Throws<InvalidDataException>(() => saved.RestoreVariables(other.Variables));
        Assert.Contains("head/kernel", error.Message);
    }

    private static (Embedding, Dense, TensorSpec[], Func<Tensor[], Tensor>) Build()
    {
        var random = new RandomGenerator(12);
        var embedding = new Embedding("e", 10, 3, Combiner.Sum, random, Sluice.Learning.Initializers.Initializer.RandomUniform(-1f, 1f));
        var head = new Dense("head", 3, 1, Activation.Linear, random);
        TensorSpec[] specs = [new(DType.Int32, new Shape(3, 2), "ids"), new(DType.Float32, new Shape(3, 1), "y")];
        return (embedding, head, specs, t => Loss.MeanSquaredError(head.Call(embedding.Call(t[0])), t[1]));
    }

    private static void Fill(Span<int> ids, Span<float> labels)
    {
        new[] { 1, 4, 4, 9, 0, -1 }.CopyTo(ids);
        new[] { 3f, -2f, 5f }.CopyTo(labels);
    }
}
