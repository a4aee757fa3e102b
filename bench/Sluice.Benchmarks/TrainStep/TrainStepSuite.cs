using System.Globalization;
using Sluice.Tensors;
using Sluice.Tensors.Execution;
using Sluice.Tensors.Random;

namespace Sluice.Benchmarks.TrainStep;

/// <summary>
/// `trainstep`: one training step of the census-shaped DNN (features → 100 → 75 → 50 → 25 relu → logit, sigmoid
/// cross-entropy, gradients of every variable, SGD applied in place), compiled plan vs the same traced graph run
/// eagerly node by node (allocating every intermediate, no fusion). Also batch-1 prediction latency.
/// </summary>
internal static class TrainStepSuite
{
    public static int Run(string[] args)
    {
        int features = int.Parse(BenchSuites.Option(args, "--features", "64"), CultureInfo.InvariantCulture);
        double seconds = double.Parse(BenchSuites.Option(args, "--seconds", "1"), CultureInfo.InvariantCulture);
        foreach (int batch in new[] { 40, 256 }) Train(features, batch, seconds);
        Predict(features, seconds);
        Overhead(seconds);
        return 0;
    }

    private static void Train(int features, int batch, double seconds)
    {
        var model = new Mlp(features);
        var graph = Graph.Trace(inputs =>
        {
            var loss = model.Logits(inputs[0]).SigmoidCrossEntropyWithLogits(inputs[1]).Mean();
            return [loss, .. Autodiff.Gradients(loss, model.Variables).Select(g => g.Dense!)];
        }, TensorSpec.Float32("x", batch, features), TensorSpec.Float32("y", batch, 1));
        var plan = graph.Compile();
        if (Array.IndexOf(Environment.GetCommandLineArgs(), "--listing") >= 0) Console.Error.WriteLine(plan.Listing.Replace(" ; ", "\n  "));
        var rng = new RandomGenerator(1);
        var x = Tensor.RandomNormal(new Shape(batch, features), rng);
        var y = Tensor.RandomUniform(new Shape(batch, 1), rng).Greater(0.5f).Cast(DType.Float32);

        void Compiled()
        {
            x.AsSpan().CopyTo(plan.Input<float>(0, batch, features));
            y.AsSpan().CopyTo(plan.Input<float>(1, batch, 1));
            plan.Run();
            for (int v = 0; v < model.Variables.Length; v++) Sgd(model.Variables[v].AsSpan(), plan.Output(1 + v));
        }

        void EagerStep()
        {
            var outputs = GraphInterpreter.Run(graph, x, y);
            for (int v = 0; v < model.Variables.Length; v++) Sgd(model.Variables[v].AsSpan(), outputs[1 + v].AsSpan());
        }

        var compiled = StepTiming.Measure(Compiled, seconds);
        if (Array.IndexOf(Environment.GetCommandLineArgs(), "--profile") >= 0) Profile(plan);
        var eager = StepTiming.Measure(EagerStep, seconds);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 100; i++) Compiled();
        long compiledBytes = (GC.GetAllocatedBytesForCurrentThread() - before) / 100;
        before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 10; i++) EagerStep();
        long eagerBytes = (GC.GetAllocatedBytesForCurrentThread() - before) / 10;
        Console.WriteLine(Json(
            ("name", "train_step"), ("batch", batch), ("features", features), ("steps", plan.StepCount), ("traced_nodes", plan.TracedNodeCount),
            ("compiled_us", compiled.Median * 1e6), ("eager_us", eager.Median * 1e6), ("ratio", eager.Median / compiled.Median),
            ("compiled_best_us", compiled.Best * 1e6), ("eager_best_us", eager.Best * 1e6), ("best_ratio", eager.Best / compiled.Best),
            ("compiled_examples_per_s", batch / compiled.Median), ("compiled_best_examples_per_s", batch / compiled.Best),
            ("compiled_bytes_per_step", compiledBytes), ("eager_bytes_per_step", eagerBytes),
            ("load", Timing.LoadAverage())));
    }

    private static void Predict(int features, double seconds)
    {
        var model = new Mlp(features);
        var graph = Graph.Trace(x => model.Logits(x).Sigmoid(), TensorSpec.Float32("x", 256, features));
        var plan = graph.Compile();
        var x = Tensor.RandomNormal(new Shape(1, features), new RandomGenerator(2));
        void Compiled()
        {
            x.AsSpan().CopyTo(plan.Input<float>(0, 1, features));
            plan.Run();
        }
        var compiled = StepTiming.Measure(Compiled, seconds);
        var eager = StepTiming.Measure(() => GraphInterpreter.Run(graph, x), seconds);
        Console.WriteLine(Json(("name", "predict"), ("batch", 1), ("features", features),
            ("compiled_us", compiled.Median * 1e6), ("eager_us", eager.Median * 1e6), ("ratio", eager.Median / compiled.Median),
            ("compiled_best_us", compiled.Best * 1e6), ("eager_best_us", eager.Best * 1e6), ("best_ratio", eager.Best / compiled.Best),
            ("load", Timing.LoadAverage())));
    }

    /// <summary>
    /// Per-step fastest time over 2,000 runs, slowest step first (stderr). The minimum, not the mean: on the shared
    /// machine most of a mean is other processes' time slices.
    /// </summary>
    private static void Profile(Plan plan)
    {
        var best = Enumerable.Repeat(long.MaxValue, plan.StepCount).ToArray();
        var ticks = new long[plan.StepCount];
        for (int run = 0; run < 2000; run++)
        {
            Array.Clear(ticks);
            plan.RunProfiled(ticks);
            for (int i = 0; i < ticks.Length; i++) best[i] = Math.Min(best[i], ticks[i]);
        }
        var names = plan.StepNames;
        double Us(long t) => t * 1e6 / System.Diagnostics.Stopwatch.Frequency;
        Console.Error.WriteLine($"profile: {Us(best.Sum()):0.0} us per run (sum of per-step minima)");
        foreach (int i in Enumerable.Range(0, best.Length).OrderByDescending(i => best[i]))
            Console.Error.WriteLine($"  {Us(best[i]),8:0.00} us  {names[i]}");
    }

    /// <summary>Per-step cost of the executor itself: 200 unfused adds on a one-element tensor.</summary>
    private static void Overhead(double seconds)
    {
        const int Steps = 200;
        var plan = Graph.Trace(x =>
        {
            var h = x;
            for (int i = 0; i < Steps; i++) h = h + x;
            return h;
        }, TensorSpec.Float32("x", 1)).Compile(new CompileOptions { FuseElementwise = false });
        plan.Input<float>(0, 1)[0] = 1f;
        var compiled = StepTiming.Measure(plan.Run, seconds);
        Console.WriteLine(Json(("name", "executor_overhead"), ("steps", plan.StepCount),
            ("ns_per_step", compiled.Median * 1e9 / plan.StepCount), ("best_ns_per_step", compiled.Best * 1e9 / plan.StepCount),
            ("load", Timing.LoadAverage())));
    }

    private static void Sgd(Span<float> w, ReadOnlySpan<float> g)
    {
        for (int i = 0; i < w.Length; i++) w[i] -= 0.01f * g[i];
    }

    private static string Json(params (string Key, object Value)[] fields) =>
        "{" + string.Join(",", fields.Select(f => $"\"{f.Key}\":" + f.Value switch
        {
            string s => $"\"{s}\"",
            double d => d.ToString("0.###", CultureInfo.InvariantCulture),
            _ => Convert.ToString(f.Value, CultureInfo.InvariantCulture),
        })) + "}";

    /// <summary>The census DNN body: Dense 100 → 75 → 50 → 25 (relu) → 1.</summary>
    private sealed class Mlp
    {
        private static readonly int[] Hidden = [100, 75, 50, 25];

        public Mlp(int features)
        {
            var rng = new RandomGenerator(7);
            var list = new List<Variable>();
            int fanIn = features;
            foreach (int units in Hidden.Append(1))
            {
                float limit = MathF.Sqrt(6f / (fanIn + units));
                list.Add(new Variable($"w{list.Count / 2}", Tensor.RandomUniform(new Shape(fanIn, units), rng, -limit, limit)));
                list.Add(new Variable($"b{list.Count / 2}", Tensor.Zeros(new Shape(units))));
                fanIn = units;
            }
            Variables = [.. list];
        }

        public Variable[] Variables { get; }

        public Tensor Logits(Tensor x)
        {
            var h = x;
            for (int layer = 0; layer < Variables.Length / 2; layer++)
            {
                h = h.MatMul(Variables[2 * layer]) + Variables[2 * layer + 1];
                if (layer < Hidden.Length) h = h.Relu();
            }
            return h;
        }
    }
}
