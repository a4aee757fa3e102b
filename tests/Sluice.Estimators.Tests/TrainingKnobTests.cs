using Sluice.Estimators.Config;
using Sluice.Estimators.Export;
using Sluice.Estimators.Features;
using Sluice.Estimators.Heads;
using Sluice.Estimators.Model;
using Sluice.Estimators.Optimizers;
using Sluice.Estimators.Serialization;
using Sluice.Estimators.Training;
using Sluice.Events;
using Sluice.Learning.Checkpoints;
using Sluice.Learning.Schedules;
using Sluice.TestKit;

namespace Sluice.Estimators.Tests;

/// <summary>The training knobs of issue #4 (schedules, DNN L1/L2, clip norm, weight histograms) change training the way they should.</summary>
public sealed class TrainingKnobTests
{
    [Fact]
    public void A_piecewise_constant_schedule_switches_the_rate_at_its_boundary()
    {
        using var dir = new TempDirectory();
        // Steps 0..10 learn at 0.5; from step 11 on the rate is so small that no weight moves any more.
        var schedule = new PiecewiseConstant([10], [0.5f, 1e-30f]);
        var sgd = new OptimizerOptions(OptimizerKind.Sgd, LearningRateSchedule: schedule);
        var estimator = Estimator.Create(SyntheticData.Spec(ModelKind.Linear, linear: sgd), new RunConfig(dir.Path, SaveCheckpointsSteps: 1, KeepCheckpointMax: 0, LogStepCountSteps: 1));
        estimator.Train(SyntheticData.Create(200, seed: 1), new TrainOptions(BatchSize: 10, MaxSteps: 20));

        float[] Weights(int step) => CheckpointManager.Load(Path.Combine(dir.Path, $"model.ckpt-{step}")).Get("linear/linear_model/weights").Floats!;
        Assert.False(Weights(10).AsSpan().SequenceEqual(Weights(11)), "step 10 (the boundary) still learns at 0.5");
        Assert.True(Weights(11).AsSpan().SequenceEqual(Weights(20)), "after the boundary the rate is 1e-30");

        var rates = LoggedScalars(dir.Path, "learning_rate/linear");
        Assert.Equal(0.5f, rates[11]);    // the event at step s is the rate global step s - 1 used
        Assert.Equal(1e-30f, rates[12]);
    }

    [Fact]
    public void An_exponential_decay_schedule_logs_the_tf_rate_at_each_step()
    {
        using var dir = new TempDirectory();
        var decay = new ExponentialDecay(0.1f, decaySteps: 4, decayRate: 0.5f, staircase: true);
        var adagrad = new OptimizerOptions(OptimizerKind.Adagrad, LearningRateSchedule: decay);
        var estimator = Estimator.Create(SyntheticData.Spec(ModelKind.Dnn, dnn: adagrad), new RunConfig(dir.Path, LogStepCountSteps: 1));
        estimator.Train(SyntheticData.Create(100, seed: 1), new TrainOptions(BatchSize: 10, MaxSteps: 12));
        var rates = LoggedScalars(dir.Path, "learning_rate/dnn");
        for (long step = 1; step <= 12; step++)
            Assert.Equal((float)(0.1 * Math.Pow(0.5, Math.Floor((step - 1) / 4.0))), rates[step], 6);
    }

    [Fact]
    public void Dnn_l1_drives_kernel_weights_to_exactly_zero_and_l2_shrinks_them()
    {
        var plain = TrainDnn(new OptimizerOptions(OptimizerKind.Adagrad, 0.05f));
        var l1 = TrainDnn(new OptimizerOptions(OptimizerKind.Adagrad, 0.05f, L1: 0.5f));
        var l2 = TrainDnn(new OptimizerOptions(OptimizerKind.Adagrad, 0.05f, L2: 5f));
        Assert.Equal(0, plain.Kernels.Sum(k => k.Values.Count(w => w == 0f)));
        int total = l1.Kernels.Sum(k => k.Values.Length);
        int zeros = l1.Kernels.Sum(k => k.Values.Count(w => w == 0f));
        Assert.True(zeros > total / 2, $"L1 0.5 zeroed {zeros} of {total} kernel weights");
        Assert.True(SquaredNorm(l2) < 0.5 * SquaredNorm(plain), $"L2: {SquaredNorm(l2)} vs {SquaredNorm(plain)}");
        Assert.Equal(0, l2.Kernels.Sum(k => k.Values.Count(w => w == 0f)));
    }

    [Fact]
    public void Clip_norm_scales_the_whole_step_to_the_clip_norm()
    {
        var sgd = new OptimizerOptions(OptimizerKind.Sgd, 1f);
        var spec = SyntheticData.Spec(ModelKind.WideDeep, sgd, sgd);
        var (free, freeTrainer) = OneStep(spec);
        var (clipped, clippedTrainer) = OneStep(spec with { GradientClipNorm = 0.01f });
        var start = Fresh(spec).All.ToDictionary(v => v.Name, v => v.Values);
        double freeNorm = 0, clippedNorm = 0;
        foreach (var v in free.All)
        {
            var c = clipped.Find(v.Name).Values;
            for (int i = 0; i < v.Values.Length; i++)
            {
                double freeStep = start[v.Name][i] - v.Values[i], clippedStep = start[v.Name][i] - c[i];
                freeNorm += freeStep * freeStep;
                clippedNorm += clippedStep * clippedStep;
            }
        }
        Assert.True(Math.Sqrt(freeNorm) > 0.1, $"unclipped step norm {Math.Sqrt(freeNorm)}");
        AssertClose.Scalar(0.01, Math.Sqrt(clippedNorm), rtol: 1e-3);
        AssertClose.Scalar(Math.Sqrt(freeNorm), clippedTrainer.LastGlobalNorm, rtol: 1e-3);
        Assert.True(float.IsNaN(freeTrainer.LastGlobalNorm));
    }

    [Fact]
    public void Weight_histograms_are_written_every_n_steps_under_tf_variable_names()
    {
        using var dir = new TempDirectory();
        var estimator = Estimator.Create(SyntheticData.Spec(ModelKind.WideDeep), new RunConfig(dir.Path, HistogramsEveryNSteps: 5));
        estimator.Train(SyntheticData.Create(100, seed: 1), new TrainOptions(BatchSize: 10, MaxSteps: 10));
        var histograms = Directory.GetFiles(dir.Path, "events.out.tfevents.*").SelectMany(EventFileReader.ReadFile)
            .SelectMany(r => r.Values.Where(v => v.Histogram is not null).Select(v => (r.Step, v.Tag, v.Histogram!))).ToList();
        string[] tags = ["dnn/hiddenlayer_0/kernel", "dnn/hiddenlayer_0/bias", "dnn/hiddenlayer_1/kernel", "dnn/logits/kernel", "dnn/logits/bias",
            "linear/linear_model/weights", "linear/linear_model/bias_weights", "dnn/input_from_feature_columns/shape_embedding/embedding_weights"];
        foreach (string tag in tags)
            Assert.Equal([5L, 10L], histograms.Where(h => h.Tag == tag).Select(h => h.Step).Order());
        var kernel = histograms.Single(h => h.Tag == "dnn/hiddenlayer_0/kernel" && h.Step == 10).Item3;
        Assert.Equal(estimator.Parameters.Kernels[0].Values.Length, (int)kernel.Count);
        Assert.Equal(estimator.Parameters.Kernels[0].Values.Max(), kernel.Max, 6);

        using var quiet = new TempDirectory();
        Estimator.Create(SyntheticData.Spec(ModelKind.Linear), new RunConfig(quiet.Path)).Train(SyntheticData.Create(100, seed: 1), new TrainOptions(BatchSize: 10, MaxSteps: 10));
        Assert.DoesNotContain(Directory.GetFiles(quiet.Path, "events.out.tfevents.*").SelectMany(EventFileReader.ReadFile), r => r.Values.Any(v => v.Histogram is not null));
    }

    [Fact]
    public void Batch_norm_backward_matches_finite_differences_of_the_training_loss()
    {
        var sgd = new OptimizerOptions(OptimizerKind.Sgd, 1f);
        var spec = SyntheticData.Spec(ModelKind.Dnn, dnn: sgd, activation: Activation.Tanh);
        spec = spec with { Dnn = spec.Dnn! with { BatchNorm = true } };
        var p = new NetworkParameters(new FeatureLayout(spec.LinearColumns, spec.DnnColumns), 1, spec.Dnn!.HiddenUnits, spec.Dnn.Activation, batchNorm: true);
        p.Initialize(5);
        var rng = new Random(4);
        foreach (var v in p.Gammas.Concat(p.Betas)) for (int i = 0; i < v.Values.Length; i++) v.Values[i] += (float)(rng.NextDouble() - 0.5);
        var head = Head.Create(spec.Head);
        var data = FeaturizedData.Create(p.Layout, spec.Head, SyntheticData.Create(6, seed: 2));
        int[] rows = [0, 1, 2, 3, 4, 5];
        var trained = p.LinearVariables.Concat(p.DnnVariables).ToList();

        double Loss()
        {
            var ws = new NetworkWorkspace(p, rows.Length);
            var r = new SplitMix64(0);
            NetworkForward.Run(p, data.Features, rows, ws, 0f, ref r, training: true);
            var g = new float[1];
            double sum = 0;
            for (int i = 0; i < rows.Length; i++) sum += head.LossAndGradient(ws.Logits.AsSpan(i, 1), data.Labels[i], g);
            return sum;
        }

        var before = trained.ToDictionary(v => v.Name, v => (float[])v.Values.Clone());
        var expected = FiniteDifferences.Gradients(trained, Loss);
        new ModelTrainer(p, head, spec, rows.Length, seed: 0).Step(data, rows, 0);
        foreach (var v in trained)
            for (int i = 0; i < v.Values.Length; i++)
                AssertClose.Scalar(expected[v.Name][i], before[v.Name][i] - v.Values[i], rtol: 3e-2, atol: 3e-3, what: $"{v.Name}[{i}]");
        Assert.Contains(trained, v => v.Name == "dnn/hiddenlayer_1/batchnorm_1/gamma");
    }

    [Fact]
    public void Batch_norm_predicts_with_its_moving_statistics_which_round_trip_through_export()
    {
        using var dir = new TempDirectory();
        var spec = SyntheticData.Spec(ModelKind.Dnn, dnn: new OptimizerOptions(OptimizerKind.Adagrad, 0.05f));
        spec = spec with { Dnn = spec.Dnn! with { BatchNorm = true } };
        var estimator = Estimator.Create(spec, new RunConfig(dir.Path, Seed: 2));
        // Momentum 0.999 needs a few thousand steps before the moving statistics match the batch statistics.
        estimator.Train(SyntheticData.Create(400, seed: 1), new TrainOptions(BatchSize: 20, Epochs: 150));
        var evaluation = estimator.Evaluate(SyntheticData.Create(400, seed: 2));
        Assert.True(evaluation[MetricKeys.Accuracy] > 0.85, $"accuracy {evaluation[MetricKeys.Accuracy]}");

        var p = estimator.Parameters;
        Assert.True(p.MovingMeans[0].Values.Any(m => MathF.Abs(m) > 0.01f), "3,000 steps move the moving mean off 0");
        Assert.True(p.MovingVariances[0].Values.Any(v => MathF.Abs(v - 1f) > 0.01f), "and the moving variance off 1");

        // Outside training a row's prediction does not depend on the rest of its batch (moving, not batch, statistics).
        var data = SyntheticData.Create(16, seed: 5);
        var batchPredictor = estimator.CreatePredictor(16);
        var batchOutput = batchPredictor.Predict(data);
        float[] together = [.. Enumerable.Range(0, 16).Select(r => batchOutput.Logits(r)[0])];
        var single = estimator.CreatePredictor(1);
        var one = data.CreateEmptyLike(1);
        for (int r = 0; r < 16; r++)
        {
            one.Reset();
            one.AppendRow(data, r);
            Assert.Equal(together[r], single.Predict(one).Logits(0)[0], 5);
        }

        var model = ExportedModel.Load(estimator.Export());
        var loaded = model.CreatePredictor(16).Predict(data);
        for (int r = 0; r < 16; r++) Assert.Equal(together[r], loaded.Logits(r)[0]);
        Assert.Contains(model.Graph, line => line.Contains("batch_norm(h0, dnn/hiddenlayer_0/batchnorm_0/gamma", StringComparison.Ordinal));
        var variables = CheckpointManager.Load(Path.Combine(model.Directory, "variables.bin"));
        Assert.Equal(p.MovingVariances[1].Values, variables.Get("dnn/hiddenlayer_1/batchnorm_1/moving_variance").Floats);

        // The moving statistics are what prediction reads: moving the mean moves the logits.
        p.MovingMeans[0].Values[0] += 5f;
        Assert.NotEqual(together[0], estimator.CreatePredictor(16).Predict(data).Logits(0)[0]);
    }

    private const string Config = """
        data:
          train: train.csv
          schema:
            read: {header: true}
            columns: [{name: x, kind: float32}, {name: y, kind: string}]
        features:
          - {name: x, type: numeric}
        model:
          kind: dnn
          head: {kind: binary, label: y, labelVocabulary: ["no", "yes"]}
          dnnColumns: [x]
          hiddenUnits: [4]
          dnnOptimizer: {kind: adagrad, learningRate: 0.05}
        training: {batchSize: 8, epochs: 2}
        runConfig: {seed: 1}
        """;

    [Fact]
    public void Schedules_regularisation_clip_norm_and_histograms_parse_from_yaml()
    {
        var config = TrainingConfig.Parse(Config
            .Replace("learningRate: 0.05}", "l1RegularizationStrength: 0.01, l2RegularizationStrength: 0.02, learningRate: {exponentialDecay: {initialLearningRate: 0.1, decaySteps: 100, decayRate: 0.96, staircase: true}}}\n  clipNorm: 5", StringComparison.Ordinal)
            .Replace("seed: 1}", "seed: 1, histogramsEveryNSteps: 50}", StringComparison.Ordinal), "/tmp/cfg.yaml");
        var dnn = config.Spec.DnnOptimizer!;
        Assert.Equal((0.01f, 0.02f), (dnn.L1, dnn.L2));
        var decay = Assert.IsType<ExponentialDecay>(dnn.LearningRateSchedule);
        Assert.Equal((0.1f, 100L, 0.96f, true), (decay.InitialLearningRate, decay.DecaySteps, decay.DecayRate, decay.Staircase));
        Assert.Equal(5f, config.Spec.GradientClipNorm);
        Assert.Equal(50, config.RunConfigFor("/tmp/m").HistogramsEveryNSteps);
        var again = EstimatorSpecJson.Read(new JsonFields(EstimatorSpecJson.Write(config.Spec), "model"), _ => null);
        Assert.Equal(EstimatorSpecJson.Write(config.Spec).ToJsonString(), EstimatorSpecJson.Write(again).ToJsonString());

        var piecewise = TrainingConfig.Parse(Config.Replace("learningRate: 0.05", "learningRate: {piecewiseConstant: {boundaries: [100, 200], values: [0.1, 0.05, 0.01]}}", StringComparison.Ordinal), "/tmp/cfg.yaml");
        var schedule = Assert.IsType<PiecewiseConstant>(piecewise.Spec.DnnOptimizer!.LearningRateSchedule);
        Assert.Equal([0.1f, 0.1f, 0.05f, 0.01f], new long[] { 0, 100, 101, 201 }.Select(schedule.At));
    }

    [Theory]
    [InlineData("learningRate: {exponentialDecay: {initialLearningRate: 0.1, decayRate: 0.9}}", "model.dnnOptimizer.learningRate.exponentialDecay.decaySteps")]
    [InlineData("learningRate: {exponentialDecay: {initialLearningRate: 0.1, decaySteps: 2.5, decayRate: 0.9}}", "model.dnnOptimizer.learningRate.exponentialDecay.decaySteps")]
    [InlineData("learningRate: {exponentialDecay: {initialLearningRate: -1, decaySteps: 10, decayRate: 0.9}}", "model.dnnOptimizer.learningRate.exponentialDecay.initialLearningRate")]
    [InlineData("learningRate: {piecewiseConstant: {boundaries: [10, 5], values: [1, 2, 3]}}", "model.dnnOptimizer.learningRate.piecewiseConstant.boundaries[1]")]
    [InlineData("learningRate: {piecewiseConstant: {boundaries: [10], values: [1]}}", "model.dnnOptimizer.learningRate.piecewiseConstant.values")]
    [InlineData("learningRate: {cosineDecay: {}}", "model.dnnOptimizer.learningRate.cosineDecay")]
    [InlineData("learningRate: 0.05, l1RegularizationStrength: -1", "model.dnnOptimizer.l1RegularizationStrength")]
    public void Knob_errors_name_the_yaml_path(string replacement, string path)
    {
        string yaml = Config.Replace("learningRate: 0.05", replacement, StringComparison.Ordinal);
        var e = Assert.Throws<SpecFormatException>(() => TrainingConfig.Parse(yaml, "/tmp/cfg.yaml"));
        Assert.StartsWith(path, e.Path);
    }

    [Fact]
    public void Histogram_cadence_and_clip_norm_must_be_positive()
    {
        var e = Assert.Throws<SpecFormatException>(() => TrainingConfig.Parse(Config.Replace("seed: 1}", "seed: 1, histogramsEveryNSteps: 0}", StringComparison.Ordinal), "/tmp/cfg.yaml"));
        Assert.Equal("runConfig.histogramsEveryNSteps", e.Path);
        var clip = Assert.Throws<SpecFormatException>(() => TrainingConfig.Parse(Config.Replace("hiddenUnits: [4]", "hiddenUnits: [4]\n  clipNorm: 0", StringComparison.Ordinal), "/tmp/cfg.yaml"));
        Assert.Equal("model.gradientClipNorm", clip.Path);
    }

    private static NetworkParameters TrainDnn(OptimizerOptions dnn)
    {
        using var dir = new TempDirectory();
        var estimator = Estimator.Create(SyntheticData.Spec(ModelKind.Dnn, dnn: dnn), new RunConfig(dir.Path, Seed: 3));
        estimator.Train(SyntheticData.Create(400, seed: 2), new TrainOptions(BatchSize: 20, Epochs: 5));
        return estimator.Parameters;
    }

    private static double SquaredNorm(NetworkParameters p) => p.Kernels.Sum(k => k.Values.Sum(w => (double)w * w));

    private static NetworkParameters Fresh(EstimatorSpec spec)
    {
        var p = new NetworkParameters(new FeatureLayout(spec.LinearColumns, spec.DnnColumns), 1, spec.Dnn!.HiddenUnits, spec.Dnn.Activation);
        p.Initialize(5);
        var rng = new Random(1);
        foreach (var v in p.LinearVariables) for (int i = 0; i < v.Values.Length; i++) v.Values[i] = (float)(rng.NextDouble() - 0.5);
        return p;
    }

    private static (NetworkParameters, ModelTrainer) OneStep(EstimatorSpec spec)
    {
        var p = Fresh(spec);
        var data = FeaturizedData.Create(p.Layout, spec.Head, SyntheticData.Create(20, seed: 2));
        var trainer = new ModelTrainer(p, Head.Create(spec.Head), spec, 20, seed: 0);
        trainer.Step(data, [.. Enumerable.Range(0, 20)], 0);
        return (p, trainer);
    }

    private static Dictionary<long, float> LoggedScalars(string directory, string tag)
        => Directory.GetFiles(directory, "events.out.tfevents.*").SelectMany(EventFileReader.ReadFile)
            .SelectMany(r => r.Values.Where(v => v.Tag == tag && v.Scalar is not null).Select(v => (r.Step, Value: v.Scalar!.Value)))
            .ToDictionary(x => x.Step, x => x.Value);
}
