using Sluice.Learning.Layers;
using Sluice.Learning.Losses;
using Sluice.Learning.Optimizers;
using Sluice.Learning.Training;
using Sluice.Tensors;
using Sluice.Tensors.Random;
using Xunit.Abstractions;

namespace Sluice.Learning.Tests.Training;

/// <summary>Small networks must actually learn: XOR to 100%, two spirals to ≥ 97%.</summary>
public sealed class LearningProblemTests(ITestOutputHelper output)
{
    [Fact]
    public void Mlp_learns_xor_perfectly()
    {
        (float[] x, float[] y) = ToyProblems.Xor();
        var random = new RandomGenerator(42);
        var model = new Sequential("xor",
            new Dense("hidden", 2, 8, Activation.Tanh, random),
            new Dense("logit", 8, 1, Activation.Linear, random));
        var step = ClassifierStep(model, batch: 4, new Adam(0.05f));
        for (int i = 0; i < 300; i++) Feed(step, x, y, 4);

        double accuracy = Accuracy(model, x, y);
        output.WriteLine($"xor: loss {step.Loss:F5}, accuracy {accuracy:P1}");
        Assert.Equal(1.0, accuracy);
        Assert.True(step.Loss < 0.1f, $"loss {step.Loss}");
    }

    [Fact]
    public void Mlp_learns_two_spirals_to_at_least_97_percent()
    {
        (float[] x, float[] y) = ToyProblems.TwoSpirals(pointsPerClass: 200, turns: 1.75, seed: 7);
        int n = y.Length;
        var random = new RandomGenerator(2024);
        var model = new Sequential("spirals",
            new Dense("h1", 2, 64, Activation.Tanh, random),
            new Dense("h2", 64, 64, Activation.Tanh, random),
            new Dense("logit", 64, 1, Activation.Linear, random));
        var step = ClassifierStep(model, batch: n, new Adam(0.01f), Reduction.SumOverBatchSize);
        for (int i = 0; i < 1500; i++) Feed(step, x, y, n);

        double accuracy = Accuracy(model, x, y);
        output.WriteLine($"two spirals: loss {step.Loss:F5}, accuracy {accuracy:P2}");
        Assert.True(accuracy >= 0.97, $"accuracy {accuracy:P2}, loss {step.Loss}");
    }

    internal static TrainingStep ClassifierStep(Layer model, int batch, Optimizer optimizer, Reduction reduction = Reduction.Sum) =>
        new([new TensorSpec(DType.Float32, new Shape(batch, 2), "x"), new TensorSpec(DType.Float32, new Shape(batch, 1), "y")],
            t => [Loss.SigmoidCrossEntropy(model.Call(t[0], training: true), t[1], reduction: reduction)],
            [new OptimizerAssignment(optimizer, model.TrainableVariables)]);

    internal static void Feed(TrainingStep step, float[] x, float[] y, int batch)
    {
        x.AsSpan(0, batch * 2).CopyTo(step.Input<float>(0, batch, 2));
        y.AsSpan(0, batch).CopyTo(step.Input<float>(1, batch, 1));
        step.Run();
    }

    internal static double Accuracy(Layer model, float[] x, float[] y)
    {
        float[] logits = model.Call(Tensor.FromArray(x, y.Length, 2)).ToArray();
        int correct = 0;
        for (int i = 0; i < y.Length; i++) if ((logits[i] > 0f ? 1f : 0f) == y[i]) correct++;
        return (double)correct / y.Length;
    }
}
