using Sluice.Learning.Layers;
using Sluice.Learning.Losses;
using Sluice.Tensors;
using Sluice.Tensors.Random;
using Xunit.Sdk;

namespace Sluice.Learning.Tests.Gradients;

/// <summary>
/// The compiled gradients of every layer and loss against central finite differences: the plan reads variables in
/// place, so each variable element is nudged by ±h and the plan rerun for the loss.
/// </summary>
public sealed class LayerGradientTests
{
    public sealed record GradientCase(string Name, Func<RandomGenerator, (TensorSpec[] Inputs, Tensor[] Values, Func<Tensor[], Tensor> Loss, Variable[] Variables)> Build)
    {
        public override string ToString() => Name;
    }

    public static TheoryData<GradientCase> Cases => new()
    {
        new("dense-tanh-mse", random =>
        {
            var dense = new Dense("d", 3, 2, Activation.Tanh, random, biasInitializer: Sluice.Learning.Initializers.Initializer.Constant(0.1f));
            return (Specs((DType.Float32, [4, 3]), (DType.Float32, [4, 2])),
                [Tensor.RandomNormal(new Shape(4, 3), random), Tensor.RandomNormal(new Shape(4, 2), random)],
                t => Loss.MeanSquaredError(dense.Call(t[0], training: true), t[1]),
                [.. dense.Variables]);
        }),
        new("dense-sigmoid-huber", random =>
        {
            var dense = new Dense("d", 3, 2, Activation.Sigmoid, random);
            return (Specs((DType.Float32, [5, 3]), (DType.Float32, [5, 2])),
                [Tensor.RandomNormal(new Shape(5, 3), random, stddev: 2f), Tensor.RandomNormal(new Shape(5, 2), random)],
                t => Loss.Huber(dense.Call(t[0], training: true) * 4f, t[1], delta: 0.7f, reduction: Reduction.SumOverBatchSize),
                [.. dense.Variables]);
        }),
        new("relu-mlp-softmax-xent", random =>
        {
            var model = new Sequential("m", new Dense("h", 3, 5, Activation.Relu, random), new Dense("o", 5, 4, Activation.Linear, random));
            return (Specs((DType.Float32, [6, 3]), (DType.Int32, [6]), (DType.Float32, [6])),
                [Tensor.RandomNormal(new Shape(6, 3), random), Tensor.FromArray([0, 3, 1, 2, 2, 0], 6), Tensor.FromArray([1f, 2f, 0.5f, 1f, 0f, 3f], 6)],
                t => Loss.SparseSoftmaxCrossEntropy(model.Call(t[0], training: true), t[1], t[2], Reduction.Mean),
                [.. model.Variables]);
        }),
        new("embedding-mean-sigmoid-xent", random =>
        {
            var embedding = new Embedding("e", 6, 3, Combiner.Mean, random, Sluice.Learning.Initializers.Initializer.RandomUniform(-1f, 1f));
            var head = new Dense("o", 3, 1, Activation.Linear, random);
            return (Specs((DType.Int32, [4, 2]), (DType.Float32, [4, 1])),
                [Tensor.FromArray([0, 5, 2, -1, 5, 5, -1, -1], 4, 2), Tensor.FromArray([1f, 0f, 1f, 0f], 4, 1)],
                t => Loss.SigmoidCrossEntropy(head.Call(embedding.Call(t[0])), t[1]),
                [embedding.Table, .. head.Variables]);
        }),
        new("embedding-sqrtn-weighted-max-norm", random =>
        {
            var embedding = new Embedding("e", 5, 2, Combiner.SqrtN, random, Sluice.Learning.Initializers.Initializer.RandomUniform(-2f, 2f), maxNorm: 1.2f);
            return (Specs((DType.Int32, [5]), (DType.Int32, [5]), (DType.Float32, [3, 1]), (DType.Float32, [5])),
                [Tensor.FromArray([4, 1, 1, 3, 0], 5), Tensor.FromArray([0, 0, 1, 2, 2], 5), Tensor.Zeros(new Shape(3, 1)), Tensor.FromArray([1f, 2f, 0.5f, 1.5f, 1f], 5)],
                t => (embedding.Lookup(t[0], t[1], t[2], t[3]) * Tensor.FromArray([1f, -2f], 2)).Sum(),
                [embedding.Table]);
        }),
        new("batch-normalization-mae", random =>
        {
            var bn = new BatchNormalization("bn", 3, random);
            var dense = new Dense("o", 3, 1, Activation.Linear, random);
            return (Specs((DType.Float32, [6, 3]), (DType.Float32, [6, 1])),
                [Tensor.RandomNormal(new Shape(6, 3), random, mean: 1f, stddev: 2f), Tensor.RandomNormal(new Shape(6, 1), random)],
                t => Loss.MeanAbsoluteError(dense.Call(bn.Call(t[0], training: true)), t[1]),
                [.. bn.TrainableVariables, .. dense.Variables]);
        }),
    };

    [Theory, MemberData(nameof(Cases))]
    public void Compiled_gradient_matches_central_finite_differences(GradientCase testCase)
    {
        (TensorSpec[] inputs, Tensor[] values, Func<Tensor[], Tensor> loss, Variable[] variables) = testCase.Build(new RandomGenerator(31));
        var sparseFlags = new List<bool>();
        Graph graph = Graph.Trace(t =>
        {
            using var scope = new StateUpdateScope(); // batch norm publishes its moving averages here; not needed for the check
            Tensor l = loss(t);
            IReadOnlyList<VariableGradient> gradients = Autodiff.Gradients(l, variables);
            var outputs = new List<Tensor> { l };
            foreach (VariableGradient g in gradients)
            {
                sparseFlags.Add(g.IsSparse);
                if (g.IsSparse) { outputs.Add(g.Indices!.Cast(DType.Int64)); outputs.Add(g.Rows!); }
                else outputs.Add(g.Dense!);
            }
            return [.. outputs];
        }, inputs);
        // Embedding tables are read only through Gather, so their gradients must come out sparse by rows.
        if (testCase.Name.StartsWith("embedding", StringComparison.Ordinal)) Assert.True(sparseFlags[0], "embedding gradient is not sparse");
        Plan plan = graph.Compile();
        for (int i = 0; i < values.Length; i++) plan.SetInput(i, values[i]);
        plan.Run();

        int output = 1;
        for (int v = 0; v < variables.Length; v++)
        {
            Variable variable = variables[v];
            float[] analytic = new float[variable.Shape.ElementCount];
            int width = analytic.Length / variable.Shape[0];
            if (sparseFlags[v])
            {
                ReadOnlySpan<long> ids = plan.Output<long>(output);
                ReadOnlySpan<float> rows = plan.Output(output + 1);
                for (int k = 0; k < ids.Length; k++)
                    if (ids[k] >= 0)
                        for (int c = 0; c < width; c++) analytic[ids[k] * width + c] += rows[k * width + c];
                output += 2;
            }
            else
            {
                plan.Output(output).CopyTo(analytic);
                output++;
            }

            Span<float> weights = variable.AsSpan();
            for (int i = 0; i < weights.Length; i++)
            {
                float original = weights[i];
                float h = 1e-2f * Math.Max(1f, Math.Abs(original));
                weights[i] = original + h;
                plan.Run();
                double plus = plan.Output(0)[0];
                weights[i] = original - h;
                plan.Run();
                double minus = plan.Output(0)[0];
                weights[i] = original;
                double numeric = (plus - minus) / (2 * h);
                if (Math.Abs(numeric - analytic[i]) > 2e-2 * Math.Max(1, Math.Abs(numeric)))
                    throw new XunitException($"{testCase.Name}: d loss / d {variable.Name}[{i}] analytic {analytic[i]:G6}, numeric {numeric:G6}.");
            }
        }
    }

    private static TensorSpec[] Specs(params (DType Type, int[] Dims)[] specs) =>
        specs.Select((s, i) => new TensorSpec(s.Type, new Shape(s.Dims), $"in{i}")).ToArray();
}
