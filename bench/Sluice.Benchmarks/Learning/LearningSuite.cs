using System.Globalization;
using System.Text.Json;
using Sluice.Learning.Initializers;
using Sluice.Learning.Layers;
using Sluice.Learning.Losses;
using Sluice.Learning.Optimizers;
using Sluice.Learning.Training;
using Sluice.Tensors;
using Sluice.Tensors.Random;

namespace Sluice.Benchmarks.Learning;

/// <summary>
/// `learning`: (1) a sparse-row optimizer update of 40 touched rows against the dense update of the same table (what
/// an optimizer without sparse support must do), for tables of 10k and 1M rows — the sparse time must not grow with
/// the table; (2) the census-shaped wide &amp; deep <see cref="TrainingStep"/> (FTRL on the linear tables, Adagrad on
/// embeddings and a 100-75-50-25 DNN, batch 40): examples/s, and the share spent outside the compiled plan
/// (optimizer updates). One JSON object per line.
/// </summary>
internal static class LearningSuite
{
    public static int Run(string[] args)
    {
        double seconds = double.Parse(BenchSuites.Option(args, "--seconds", "0.5"), CultureInfo.InvariantCulture);
        // The same 40 rows are updated every call, so these numbers are the update's compute cost (rows stay in cache);
        // fresh random rows of a table larger than the caches add a few cache misses per row.
        foreach (int rows in new[] { 10_000, 1_000_000 })
        {
            foreach (Func<Optimizer> create in new Func<Optimizer>[] { () => new Ftrl(0.1f), () => new Adagrad(0.1f), () => new Adam(0.01f) })
                SparseVersusDense(create, rows, width: 8, touched: 40, seconds);
        }
        WideAndDeepStep(seconds * 4);
        return 0;
    }

    private static void SparseVersusDense(Func<Optimizer> create, int rows, int width, int touched, double seconds)
    {
        var random = new Random(1);
        int[] ids = new int[touched];
        float[] rowGradients = new float[touched * width];
        for (int i = 0; i < touched; i++) ids[i] = random.Next(rows);
        for (int i = 0; i < rowGradients.Length; i++) rowGradients[i] = (float)(random.NextDouble() - 0.5);
        float[] denseGradient = new float[rows * width];
        for (int i = 0; i < touched; i++)
            for (int c = 0; c < width; c++) denseGradient[ids[i] * width + c] += rowGradients[i * width + c];

        Optimizer sparse = create(), dense = create();
        float[] sparseTable = new float[rows * width], denseTable = new float[rows * width];
        SlotSet sparseSlots = sparse.CreateSlots("table", rows, width), denseSlots = dense.CreateSlots("table", rows, width);
        long step = 0;
        // Long warm-up: tiered JIT must reach its optimised code for the update loops before anything is timed.
        for (int i = 0; i < 2_000; i++)
        {
            sparse.BeginStep(step++);
            sparse.ApplySparse(sparseTable, ids, rowGradients, sparseSlots);
            sparse.EndStep();
        }
        for (int i = 0; i < 50; i++)
        {
            dense.BeginStep(step++);
            dense.ApplyDense(denseTable, denseGradient, denseSlots);
            dense.EndStep();
        }
        double sparseSeconds = Timing.MedianSecondsPerCall(() =>
        {
            sparse.BeginStep(step++);
            sparse.ApplySparse(sparseTable, ids, rowGradients, sparseSlots);
            sparse.EndStep();
        }, seconds);
        double denseSeconds = Timing.MedianSecondsPerCall(() =>
        {
            dense.BeginStep(step++);
            dense.ApplyDense(denseTable, denseGradient, denseSlots);
            dense.EndStep();
        }, seconds);
        Print(new Dictionary<string, object>
        {
            ["name"] = "sparse_update",
            ["optimizer"] = sparse.Name,
            ["rows"] = rows,
            ["width"] = width,
            ["touched"] = touched,
            ["sparse_us"] = Math.Round(sparseSeconds * 1e6, 2),
            ["dense_us"] = Math.Round(denseSeconds * 1e6, 1),
            ["ratio"] = Math.Round(denseSeconds / sparseSeconds, 1),
            ["load"] = Timing.LoadAverage(),
        });
    }

    private static void WideAndDeepStep(double seconds)
    {
        const int batch = 40, columns = 8, buckets = 10_000, dimension = 8, numeric = 6;
        var random = new RandomGenerator(1);
        var linear = new Embedding("linear/weights", columns * buckets, 1, Combiner.Sum, random, Initializer.Zeros);
        var bias = new Variable("linear/bias", Tensor.Zeros(new Shape(1)));
        var embedding = new Embedding("dnn/embedding", columns * buckets, dimension, Combiner.Sum, random);
        var dnn = new Sequential("dnn",
            new Dense("dnn/hiddenlayer_0", columns * dimension + numeric, 100, Activation.Relu, random),
            new Dense("dnn/hiddenlayer_1", 100, 75, Activation.Relu, random),
            new Dense("dnn/hiddenlayer_2", 75, 50, Activation.Relu, random),
            new Dense("dnn/hiddenlayer_3", 50, 25, Activation.Relu, random),
            new Dense("dnn/logits", 25, 1, Activation.Linear, random));
        var step = new TrainingStep(
            [
                new TensorSpec(DType.Int32, new Shape(batch, columns), "ids"),
                new TensorSpec(DType.Float32, new Shape(batch, numeric), "numeric"),
                new TensorSpec(DType.Float32, new Shape(batch, 1), "label"),
            ],
            t =>
            {
                Tensor wide = linear.Call(t[0]) + bias;
                Tensor embedded = embedding.Table.Read().Gather(t[0]).Reshape(-1, columns * dimension);
                Tensor deep = dnn.Call(Tensor.Concat(1, embedded, t[1]), training: true);
                return [Loss.SigmoidCrossEntropy(wide + deep, t[2])];
            },
            [
                new OptimizerAssignment(new Ftrl(0.005f), [linear.Table, bias]),
                new OptimizerAssignment(new Adagrad(0.001f), [embedding.Table, .. dnn.TrainableVariables]),
            ]);

        var data = new Random(3);
        Span<int> ids = step.Input<int>(0, batch, columns);
        for (int i = 0; i < ids.Length; i++) ids[i] = (i % columns) * buckets + data.Next(buckets);
        Span<float> features = step.Input<float>(1, batch, numeric);
        for (int i = 0; i < features.Length; i++) features[i] = (float)data.NextDouble();
        Span<float> labels = step.Input<float>(2, batch, 1);
        for (int i = 0; i < labels.Length; i++) labels[i] = data.Next(2);

        for (int i = 0; i < 2_000; i++) step.Run(); // warm-up: tiered JIT, buffers, caches
        long allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 300; i++) step.Run();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        double stepSeconds = Timing.MedianSecondsPerCall(() => step.Run(), seconds);
        double planSeconds = Timing.MedianSecondsPerCall(() => step.Plan.Run(), seconds);
        Print(new Dictionary<string, object>
        {
            ["name"] = "wide_deep_training_step",
            ["batch"] = batch,
            ["step_us"] = Math.Round(stepSeconds * 1e6, 1),
            ["plan_us"] = Math.Round(planSeconds * 1e6, 1),
            ["optimizer_share"] = Math.Round(1 - planSeconds / stepSeconds, 2),
            ["examples_per_second"] = Math.Round(batch / stepSeconds),
            ["allocated_bytes_per_300_steps"] = allocated,
            ["load"] = Timing.LoadAverage(),
        });
    }

    private static void Print(Dictionary<string, object> result) => Console.WriteLine(JsonSerializer.Serialize(result));
}
