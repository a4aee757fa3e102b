using Sluice.Learning.Layers;
using Sluice.Learning.Losses;
using Sluice.Learning.Optimizers;
using Sluice.Learning.Schedules;
using Sluice.Learning.Training;
using Sluice.Tensors;
using Sluice.Tensors.Random;
using Sluice.TestKit;

namespace Sluice.Learning.Tests.Training;

public sealed class StepBehaviourTests
{
    [Fact]
    public void A_smaller_batch_than_the_capacity_trains_like_the_same_batch_computed_eagerly()
    {
        var random = new RandomGenerator(4);
        var compiledModel = new Dense("d", 3, 1, Activation.Linear, random);
        var eagerModel = new Dense("d", 3, 1, Activation.Linear, random);
        eagerModel.Kernel.Assign(compiledModel.Kernel.Value);

        var step = new TrainingStep(
            [new TensorSpec(DType.Float32, new Shape(40, 3), "x"), new TensorSpec(DType.Float32, new Shape(40, 1), "y")],
            t => [Loss.MeanSquaredError(compiledModel.Call(t[0], training: true), t[1], reduction: Reduction.SumOverBatchSize)],
            [new OptimizerAssignment(new GradientDescent(0.1f), compiledModel.TrainableVariables)]);

        foreach (int batch in new[] { 17, 40, 1 })
        {
            Tensor x = Tensor.RandomNormal(new Shape(batch, 3), random);
            Tensor y = Tensor.RandomNormal(new Shape(batch, 1), random);
            x.AsSpan().CopyTo(step.Input<float>(0, batch, 3));
            y.AsSpan().CopyTo(step.Input<float>(1, batch, 1));
            float compiledLoss = step.Run();

            // The same step by hand: loss = mean((xW + b − y)²), dW = 2/n·xᵀ(xW + b − y), db = 2/n·Σ(xW + b − y).
            float[] w = eagerModel.Kernel.AsSpan().ToArray();
            float b = eagerModel.Bias!.AsSpan()[0];
            double loss = 0;
            var dw = new double[3];
            double db = 0;
            for (int r = 0; r < batch; r++)
            {
                double e = b - y.AsSpan()[r];
                for (int c = 0; c < 3; c++) e += x.AsSpan()[r * 3 + c] * w[c];
                loss += e * e / batch;
                for (int c = 0; c < 3; c++) dw[c] += 2 * e * x.AsSpan()[r * 3 + c] / batch;
                db += 2 * e / batch;
            }
            for (int c = 0; c < 3; c++) eagerModel.Kernel.AsSpan()[c] = (float)(w[c] - 0.1 * dw[c]);
            eagerModel.Bias.AsSpan()[0] = (float)(b - 0.1 * db);

            AssertClose.Scalar(loss, compiledLoss, rtol: 1e-5, what: $"loss at batch {batch}");
            AssertClose.Spans(eagerModel.Kernel.AsSpan(), compiledModel.Kernel.AsSpan(), rtol: 1e-5f);
            AssertClose.Spans(eagerModel.Bias.AsSpan(), compiledModel.Bias!.AsSpan(), rtol: 1e-5f);
        }
    }

    [Fact]
    public void The_learning_rate_schedule_follows_the_global_step()
    {
        // loss = Σ w·x with x = 1: the gradient is 1, so w moves by exactly −lr(step) each step.
        var w = new Variable("w", Tensor.FromArray([0f], 1));
        var optimizer = new GradientDescent(new PiecewiseConstant([1, 3], [1f, 0.5f, 0.25f]));
        var step = new TrainingStep(
            [new TensorSpec(DType.Float32, new Shape(1), "x")],
            t => [(t[0] * w).Sum()],
            [new OptimizerAssignment(optimizer, [w])]);
        step.Input<float>(0, 1)[0] = 1f;
        float[] expected = [-1f, -2f, -2.5f, -3f, -3.25f, -3.5f];
        foreach (float value in expected)
        {
            step.Run();
            Assert.Equal(value, w.AsSpan()[0]);
        }
        Assert.Equal(6, step.GlobalStep);
    }

    [Fact]
    public void Extra_outputs_are_readable_after_each_run()
    {
        var random = new RandomGenerator(1);
        var dense = new Dense("d", 2, 1, Activation.Linear, random);
        dense.Kernel.Assign(Tensor.FromArray([1f, 2f], 2, 1));
        var step = new TrainingStep(
            [new TensorSpec(DType.Float32, new Shape(8, 2), "x")],
            t =>
            {
                Tensor logits = dense.Call(t[0], training: true);
                return [logits.Sum(), logits];
            },
            [new OptimizerAssignment(new GradientDescent(0.01f), dense.TrainableVariables)]);
        new float[] { 1f, 1f, 2f, 0f }.CopyTo(step.Input<float>(0, 2, 2));
        step.Run();
        Assert.Equal([3f, 2f], step.Output(0).ToArray());
        Assert.Throws<ArgumentOutOfRangeException>(() => step.Output(1));
    }

    [Fact]
    public void An_inference_plan_over_the_same_layers_sees_every_training_update()
    {
        var random = new RandomGenerator(6);
        var model = new Sequential("m",
            new Dense("m/h", 2, 4, Activation.Relu, random),
            new BatchNormalization("m/bn", 4, random),
            new Dropout("m/drop", 0.3f),
            new Dense("m/o", 4, 1, Activation.Linear, random));
        Plan inference = Graph.Trace(x => model.Call(x), new TensorSpec(DType.Float32, new Shape(8, 2), "x")).Compile();
        (float[] x, float[] y) = ToyProblems.Xor();
        TrainingStep step = LearningProblemTests.ClassifierStep(model, 4, new Adam(0.05f));
        for (int i = 0; i < 20; i++) LearningProblemTests.Feed(step, x, y, 4);

        x.CopyTo(inference.Input<float>(0, 4, 2));
        inference.Run();
        float[] eager = model.Call(Tensor.FromArray(x, 4, 2)).ToArray();
        AssertClose.Spans(eager, inference.Output(0), rtol: 1e-5f, atol: 1e-6f);
        // The batch-norm moving statistics moved during training (and the inference plan used them).
        Assert.Contains(model.Variables.Single(v => v.Name == "m/bn/moving_mean").AsSpan().ToArray(), value => value != 0f);
    }
}
