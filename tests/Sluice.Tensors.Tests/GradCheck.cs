using Sluice.Tensors;
using Sluice.Tensors.Random;
using Sluice.TestKit;

namespace Sluice.Tensors.Tests;

/// <summary>Central finite differences on a compiled forward plan vs the compiled gradient graph.</summary>
public static class GradCheck
{
    public static Tensor[] Inputs(GradCase c, ulong seed)
    {
        var rng = new RandomGenerator(seed);
        return c.InputShapes.Select(s =>
        {
            var t = Tensor.RandomUniform(new Shape(s), rng, -1f, 1f);
            if (c.PositiveInputs) t = t.Abs() + 0.5f;
            return t;
        }).ToArray();
    }

    public static void Assert(GradCase c)
    {
        var inputs = Inputs(c, seed: 5);
        var specs = c.InputShapes.Select((s, i) => TensorSpec.Float32($"x{i}", s)).ToArray();
        var outShape = c.Function(inputs).Shape;
        // A fixed random projection makes every output element matter with a different weight.
        var projection = Tensor.RandomUniform(outShape, new RandomGenerator(99), 0.5f, 1.5f);
        var graph = Graph.Trace(x =>
        {
            var loss = (c.Function(x) * projection).Sum();
            return [loss, .. Autodiff.Gradients(loss, x)];
        }, specs);
        var plan = graph.Compile();
        var forward = Graph.Trace(x => [(c.Function(x) * projection).Sum()], specs).Compile();

        for (int i = 0; i < inputs.Length; i++) plan.SetInput(i, inputs[i]);
        plan.Run();
        const float eps = 1e-2f;
        for (int i = 0; i < inputs.Length; i++)
        {
            var analytic = plan.Output(1 + i).ToArray();
            var numeric = new float[inputs[i].Shape.ElementCount];
            for (int e = 0; e < numeric.Length; e++)
            {
                double Loss(float delta)
                {
                    var shifted = inputs.Select(t => t.Clone()).ToArray();
                    shifted[i].AsSpan()[e] += delta;
                    for (int k = 0; k < shifted.Length; k++) forward.SetInput(k, shifted[k]);
                    forward.Run();
                    return forward.Output(0)[0];
                }
                numeric[e] = (float)((Loss(eps) - Loss(-eps)) / (2 * eps));
            }
            try
            {
                AssertClose.Spans(numeric, analytic, rtol: 2e-2f, atol: 2e-3f);
            }
            catch (Exception e)
            {
                throw new Xunit.Sdk.XunitException($"{c.Name}: gradient of input {i} — {e.Message}\n{graph}");
            }
        }
    }
}
