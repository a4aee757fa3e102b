using Sluice.Estimators.Features;
using Sluice.Estimators.Heads;
using Sluice.Estimators.Model;
using Sluice.Estimators.Optimizers;
using Sluice.Estimators.Training;
using Sluice.Learning.Checkpoints;
using Sluice.Learning.Optimizers;
using Sluice.TestKit;

namespace Sluice.Estimators.Tests;

public sealed class TrainerTests
{
    /// <summary>
    /// Backward pass check: with SGD at learning rate 1 a step moves every weight by exactly -gradient, which must
    /// match central finite differences of the summed batch loss (linear table, embeddings, kernels, biases).
    /// </summary>
    [Fact]
    public void One_sgd_step_moves_every_weight_by_the_finite_difference_gradient()
    {
        var sgd = new OptimizerOptions(OptimizerKind.Sgd, 1f);
        var spec = SyntheticData.Spec(ModelKind.WideDeep, sgd, sgd, Activation.Tanh);
        var layout = new FeatureLayout(spec.LinearColumns, spec.DnnColumns);
        var head = Head.Create(spec.Head);
        var p = new NetworkParameters(layout, 1, spec.Dnn!.HiddenUnits, spec.Dnn.Activation);
        p.Initialize(5);
        var rng = new Random(1);
        foreach (var v in p.LinearVariables) for (int i = 0; i < v.Values.Length; i++) v.Values[i] = (float)(rng.NextDouble() - 0.5);
        var data = FeaturizedData.Create(layout, spec.Head, SyntheticData.Create(6, seed: 2));
        int[] rows = [0, 1, 2, 3, 4, 5];

        double Loss()
        {
            var ws = new NetworkWorkspace(p, rows.Length);
            var r = new SplitMix64(0);
            NetworkForward.Run(p, data.Features, rows, ws, 0f, ref r);
            var g = new float[1];
            double sum = 0;
            for (int i = 0; i < rows.Length; i++) sum += head.LossAndGradient(ws.Logits.AsSpan(i, 1), data.Labels[i], g);
            return sum;
        }

        var before = p.All.ToDictionary(v => v.Name, v => (float[])v.Values.Clone());
        var expected = FiniteDifferences.Gradients(p.All, Loss);
        new ModelTrainer(p, head, spec, rows.Length, seed: 0).Step(data, rows, 0);
        int checkedCount = 0;
        foreach (var v in p.All)
        {
            for (int i = 0; i < v.Values.Length; i++)
            {
                double analytic = before[v.Name][i] - v.Values[i];
                AssertClose.Scalar(expected[v.Name][i], analytic, rtol: 2e-2, atol: 2e-3, what: $"{v.Name}[{i}]");
                checkedCount++;
            }
        }
        Assert.True(checkedCount > 100);
    }

    [Fact]
    public void Optimizer_options_build_sluice_learning_optimizers_with_the_tf_update_rules()
    {
        var ftrl = OptimizerFactory.Create(new OptimizerOptions(OptimizerKind.Ftrl, 0.1f, L1: 0.01f, L2: 0.02f), fallbackRate: 9f);
        Assert.IsType<Ftrl>(ftrl);
        float[] w = [0f];
        var slots = ftrl.CreateSlots("w", 1, 1);
        ftrl.BeginStep(0);
        ftrl.ApplyDense(w, [0.5f], slots);
        ftrl.EndStep();
        // n' = 0.35; σ = (√0.35 - √0.1)/0.1; z = 0.5 - σ·0 = 0.5; w = (sign(z)·l1 - z)/(√n'/lr + 2·l2)
        AssertClose.Scalar(0.35, slots.Values("accumulator")[0]);
        AssertClose.Scalar(0.5, slots.Values("linear")[0]);
        AssertClose.Scalar((0.01 - 0.5) / (Math.Sqrt(0.35) / 0.1 + 0.04), w[0], rtol: 1e-5);

        var adagrad = OptimizerFactory.Create(new OptimizerOptions(OptimizerKind.Adagrad), fallbackRate: 0.05f);
        float[] weights = [1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f, 1f];
        var accumulators = adagrad.CreateSlots("k", 1, 9);
        adagrad.BeginStep(0);
        adagrad.ApplyDense(weights, Enumerable.Repeat(0.3f, 9).ToArray(), accumulators);
        foreach (float wi in weights) AssertClose.Scalar(1 - 0.05 * 0.3 / Math.Sqrt(0.19), wi, rtol: 1e-6);

        var adam = OptimizerFactory.Create(new OptimizerOptions(OptimizerKind.Adam), fallbackRate: 0.001f);
        float[] aw = [1f];
        adam.BeginStep(0);
        adam.ApplyDense(aw, [2f], adam.CreateSlots("a", 1, 1));
        AssertClose.Scalar(1 - 0.001, aw[0], rtol: 1e-6);   // first Adam step moves by lr·sign(g)
    }

    [Theory]
    [InlineData(ModelKind.Linear)]
    [InlineData(ModelKind.Dnn)]
    [InlineData(ModelKind.WideDeep)]
    public void Each_body_learns_the_synthetic_task(ModelKind kind)
    {
        using var dir = new TempDirectory();
        // Wide & deep's canned learning rates (0.005 / 0.001) are tuned for 40 census epochs; this short run uses larger ones.
        var spec = kind == ModelKind.WideDeep
            ? SyntheticData.Spec(kind, new OptimizerOptions(OptimizerKind.Ftrl, 0.2f), new OptimizerOptions(OptimizerKind.Adagrad, 0.05f))
            : SyntheticData.Spec(kind);
        var estimator = Estimator.Create(spec, new RunConfig(dir.Path, Seed: 1));
        estimator.Train(SyntheticData.Create(2000, seed: 1), new TrainOptions(BatchSize: 20, Epochs: 8));
        var result = estimator.Evaluate(SyntheticData.Create(1000, seed: 2));
        Assert.True(result[MetricKeys.Accuracy] > 0.9, $"{kind}: accuracy {result[MetricKeys.Accuracy]}");
        Assert.True(result[MetricKeys.Auc] > 0.95, $"{kind}: auc {result[MetricKeys.Auc]}");
        Assert.Equal(800, result.GlobalStep);
        Assert.True(File.Exists(Path.Combine(dir.Path, "checkpoint")));
        Assert.NotEmpty(Directory.GetFiles(Path.Combine(dir.Path, "eval"), "events.out.tfevents.*"));
    }

    [Fact]
    public void Resuming_from_a_checkpoint_gives_the_same_model_as_an_uninterrupted_run()
    {
        using var once = new TempDirectory();
        using var twice = new TempDirectory();
        var data = SyntheticData.Create(500, seed: 3);
        var spec = SyntheticData.Spec(ModelKind.WideDeep) with { Dnn = new DnnOptions([6, 4], Activation.Relu, Dropout: 0.2f) };
        var straight = Estimator.Create(spec, new RunConfig(once.Path, Seed: 9));
        straight.Train(data, new TrainOptions(BatchSize: 16, MaxSteps: 100));

        var first = Estimator.Create(spec, new RunConfig(twice.Path, Seed: 9));
        first.Train(data, new TrainOptions(BatchSize: 16, MaxSteps: 45));   // stops mid-epoch (32 steps per epoch)
        var resumed = Estimator.Create(spec, new RunConfig(twice.Path, Seed: 9));
        Assert.Equal(45, resumed.CreatePredictor(1) is not null ? resumed.GlobalStep : -1);
        var result = resumed.Train(data, new TrainOptions(BatchSize: 16, MaxSteps: 100));
        Assert.Equal(55, result.StepsRun);

        var a = CheckpointManager.Load(Path.Combine(once.Path, "model.ckpt-100"));
        var b = CheckpointManager.Load(Path.Combine(twice.Path, "model.ckpt-100"));
        Assert.Equal(a.Tensors.Select(t => t.Name), b.Tensors.Select(t => t.Name));
        Assert.Contains(a.Tensors, t => t.Name == "dnn/hiddenlayer_0/kernel/Adagrad/accumulator");
        Assert.Contains(a.Tensors, t => t.Name == "linear/linear_model/weights/Ftrl/linear");
        Assert.Equal([100L], a.Get("linear/Ftrl/iterations").Int64s!);
        foreach (var tensor in a.Tensors)
        {
            var other = b.Get(tensor.Name);
            Assert.True(tensor.Floats is null ? tensor.Int64s!.SequenceEqual(other.Int64s!) : tensor.Floats.AsSpan().SequenceEqual(other.Floats), $"{tensor.Name} differs after resume");
        }
    }

    [Fact]
    public void Checkpoints_keep_only_the_newest_and_write_the_state_file()
    {
        using var dir = new TempDirectory();
        var estimator = Estimator.Create(SyntheticData.Spec(ModelKind.Linear), new RunConfig(dir.Path, SaveCheckpointsSteps: 10, KeepCheckpointMax: 2));
        estimator.Train(SyntheticData.Create(100, seed: 1), new TrainOptions(BatchSize: 10, MaxSteps: 50));
        Assert.Equal(["model.ckpt-40", "model.ckpt-50"], Directory.GetFiles(dir.Path, "model.ckpt-*").Select(Path.GetFileName).Order());
        string state = File.ReadAllText(Path.Combine(dir.Path, "checkpoint"));
        Assert.Equal("model_checkpoint_path: \"model.ckpt-50\"\nall_model_checkpoint_paths: \"model.ckpt-40\"\nall_model_checkpoint_paths: \"model.ckpt-50\"\n", state);
    }

    [Fact]
    public void A_truncated_checkpoint_is_rejected_with_its_path()
    {
        using var dir = new TempDirectory();
        var estimator = Estimator.Create(SyntheticData.Spec(ModelKind.Linear), new RunConfig(dir.Path));
        estimator.Train(SyntheticData.Create(100, seed: 1), new TrainOptions(BatchSize: 10, MaxSteps: 5));
        string path = Path.Combine(dir.Path, "model.ckpt-5");
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(bytes.Length - 7)]);
        var e = Assert.Throws<CheckpointCorruptException>(() => Estimator.Create(SyntheticData.Spec(ModelKind.Linear), new RunConfig(dir.Path)).Evaluate(SyntheticData.Create(10, 1)));
        Assert.Contains("model.ckpt-5", e.Message);
    }

    [Fact]
    public void A_damaged_latest_checkpoint_falls_back_to_the_previous_one()
    {
        using var dir = new TempDirectory();
        var estimator = Estimator.Create(SyntheticData.Spec(ModelKind.Linear), new RunConfig(dir.Path, SaveCheckpointsSteps: 5));
        estimator.Train(SyntheticData.Create(100, seed: 1), new TrainOptions(BatchSize: 10, MaxSteps: 10));
        string path = Path.Combine(dir.Path, "model.ckpt-10");
        var bytes = File.ReadAllBytes(path);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(path, bytes);
        var reopened = Estimator.Create(SyntheticData.Spec(ModelKind.Linear), new RunConfig(dir.Path));
        Assert.Equal(5, reopened.Evaluate(SyntheticData.Create(10, 1)).GlobalStep);
    }

    [Fact]
    public void Warm_start_copies_matching_variables_from_another_model_dir()
    {
        using var source = new TempDirectory();
        using var target = new TempDirectory();
        var data = SyntheticData.Create(300, seed: 4);
        var trained = Estimator.Create(SyntheticData.Spec(ModelKind.Linear), new RunConfig(source.Path));
        trained.Train(data, new TrainOptions(BatchSize: 10, Epochs: 3));
        var before = trained.Evaluate(data)[MetricKeys.AverageLoss];
        var warm = Estimator.Create(SyntheticData.Spec(ModelKind.Linear), new RunConfig(target.Path, WarmStartFrom: source.Path));
        warm.Train(data, new TrainOptions(BatchSize: 10, Steps: 1));
        Assert.True(warm.Evaluate(data)[MetricKeys.AverageLoss] < before + 0.05, "a warm-started model starts from the trained weights");
        using var cold = new TempDirectory();
        var fresh = Estimator.Create(SyntheticData.Spec(ModelKind.Linear), new RunConfig(cold.Path));
        fresh.Train(data, new TrainOptions(BatchSize: 10, Steps: 1));
        Assert.True(fresh.Evaluate(data)[MetricKeys.AverageLoss] > before + 0.1);
    }

    [Fact]
    public void Early_stopping_on_a_threshold_stops_after_the_first_evaluation_that_crosses_it()
    {
        using var dir = new TempDirectory();
        var estimator = Estimator.Create(SyntheticData.Spec(ModelKind.Linear), new RunConfig(dir.Path));
        var train = SyntheticData.Create(1000, seed: 5);
        var eval = SyntheticData.Create(300, seed: 6);
        var result = estimator.TrainAndEvaluate(train, eval, new TrainOptions(BatchSize: 10, Epochs: 50),
            new TrainAndEvaluateOptions(50, [new ExporterOptions(ExporterKind.Final, "final"), new ExporterOptions(ExporterKind.Best, "best", Metric: "accuracy", HigherIsBetter: true)],
                new EarlyStoppingOptions("accuracy", HigherIsBetter: true, Threshold: 0.85)));
        Assert.True(result.StoppedEarly);
        Assert.True(result.FinalEvaluation["accuracy"] >= 0.85);
        Assert.True(result.Evaluations.Take(result.Evaluations.Count - 1).All(e => e["accuracy"] < 0.85));
        Assert.True(result.Training.GlobalStep < 5000);
        Assert.Single(Directory.GetDirectories(Path.Combine(dir.Path, "export", "final")));
        Assert.NotEmpty(Directory.GetDirectories(Path.Combine(dir.Path, "export", "best")));
    }

    [Fact]
    public void Early_stopping_without_improvement_stops_after_k_flat_evaluations()
    {
        using var dir = new TempDirectory();
        // A zero learning rate never improves the loss: stop after 1 + 3 evaluations.
        var frozen = new OptimizerOptions(OptimizerKind.Sgd, 1e-30f);
        var estimator = Estimator.Create(SyntheticData.Spec(ModelKind.Linear, linear: frozen), new RunConfig(dir.Path));
        var data = SyntheticData.Create(200, seed: 7);
        var result = estimator.TrainAndEvaluate(data, data, new TrainOptions(BatchSize: 10, MaxSteps: 1000),
            new TrainAndEvaluateOptions(10, EarlyStopping: new EarlyStoppingOptions("loss", HigherIsBetter: false, MaxEvaluationsWithoutImprovement: 3)));
        Assert.True(result.StoppedEarly, result.StopReason);
        Assert.Equal(4, result.Evaluations.Count);
        Assert.Equal(40, result.Training.GlobalStep);
    }
}
