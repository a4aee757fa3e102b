using Sluice.Learning.Checkpoints;
using Sluice.Learning.Layers;
using Sluice.Learning.Losses;
using Sluice.Learning.Optimizers;
using Sluice.Learning.Training;
using Sluice.Tensors;
using Sluice.Tensors.Random;
using Sluice.TestKit;

namespace Sluice.Learning.Tests.Training;

public sealed class TrainingStepTests
{
    [Fact]
    public void Wide_and_deep_step_allocates_zero_managed_bytes_per_step_after_warm_up()
    {
        var model = new WideAndDeepModel(seed: 3);
        TrainingStep step = model.CreateStep(batch: 40, clipNorm: 5f);
        // 60 warm-up steps: past the tiered JIT's call-count threshold, whose tier-up can allocate on this thread.
        for (int i = 0; i < 60; i++)
        {
            WideAndDeepModel.FillBatch(step, 40, i);
            step.Run();
        }
        // A fixed batch (refilled identically) so that only the step itself is measured.
        WideAndDeepModel.FillBatch(step, 40, 99);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 300; i++) step.Run();
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        Assert.Equal(360, step.GlobalStep);
        Assert.Equal(360, model.LinearOptimizer.Iterations);
        Assert.Equal(360, model.DnnOptimizer.Iterations);
    }

    [Fact]
    public void Same_seed_gives_bit_identical_training()
    {
        float[] first = TrainAndSnapshot(seed: 11, steps: 30);
        float[] second = TrainAndSnapshot(seed: 11, steps: 30);
        float[] other = TrainAndSnapshot(seed: 12, steps: 30);
        Assert.Equal(first.Select(BitConverter.SingleToInt32Bits), second.Select(BitConverter.SingleToInt32Bits));
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Wide_and_deep_learns_and_updates_only_touched_linear_rows()
    {
        var model = new WideAndDeepModel(seed: 5);
        TrainingStep step = model.CreateStep(batch: 64);
        float firstLoss = 0;
        for (int i = 0; i < 200; i++)
        {
            WideAndDeepModel.FillBatch(step, 64, i % 50);
            step.Run();
            if (i == 0) firstLoss = step.Loss;
        }
        Assert.True(step.Loss < firstLoss * 0.6f, $"loss went from {firstLoss} to {step.Loss}");

        // A fresh model and one step: only the linear rows of the batch's ids change (sparse FTRL update).
        var fresh = new WideAndDeepModel(seed: 5);
        TrainingStep one = fresh.CreateStep(batch: 8);
        WideAndDeepModel.FillBatch(one, 8, 0);
        var touched = new HashSet<int>(one.Input<int>(0, 8, WideAndDeepModel.IdsPerExample).ToArray().Where(id => id >= 0));
        float[] embeddingBefore = fresh.Embedding.Table.AsSpan().ToArray();
        one.Run();
        Span<float> linear = fresh.Linear.Table.AsSpan();
        float[] accumulator = one.Slots.Single(s => s.VariableName == "linear/weights/embeddings").Values("accumulator");
        for (int row = 0; row < WideAndDeepModel.Vocabulary; row++)
        {
            if (touched.Contains(row)) Assert.NotEqual(0.1f, accumulator[row]);
            else
            {
                Assert.Equal(0f, linear[row]);
                Assert.Equal(0.1f, accumulator[row]);
                for (int c = 0; c < 4; c++) Assert.Equal(embeddingBefore[row * 4 + c], fresh.Embedding.Table.AsSpan()[row * 4 + c]);
            }
        }
    }

    [Fact]
    public void Clipping_bounds_the_update_by_the_global_norm()
    {
        // One SGD step on loss = Σ(w·x − y)² with a huge gradient: the applied update must have norm lr·clip.
        var w = new Variable("w", Tensor.FromArray([0f, 0f], 2, 1));
        var step = new TrainingStep(
            [new TensorSpec(DType.Float32, new Shape(1, 2), "x"), new TensorSpec(DType.Float32, new Shape(1, 1), "y")],
            t => [Loss.MeanSquaredError(t[0].MatMul(w), t[1])],
            [new OptimizerAssignment(new GradientDescent(0.1f), [w])],
            new TrainingStepOptions { ClipNorm = 1f });
        new float[] { 3f, 4f }.CopyTo(step.Input<float>(0, 1, 2));
        step.Input<float>(1, 1, 1)[0] = 10f;
        step.Run();
        // gradient = 2·(0 − 10)·[3, 4] = [−60, −80], norm 100 → clipped to [−0.6, −0.8]; w = −0.1·that.
        AssertClose.Scalar(100, step.GlobalNorm, rtol: 1e-6);
        AssertClose.Spans([0.06f, 0.08f], w.AsSpan(), rtol: 1e-5f);
    }

    [Fact]
    public void Batch_normalization_moving_statistics_move_inside_a_compiled_step()
    {
        var random = new RandomGenerator(8);
        var bn = new BatchNormalization("bn", 2, random, momentum: 0.5f);
        var dense = new Dense("out", 2, 1, Activation.Linear, random);
        var step = new TrainingStep(
            [new TensorSpec(DType.Float32, new Shape(4, 2), "x")],
            t => [dense.Call(bn.Call(t[0], training: true), training: true).Sum()],
            [new OptimizerAssignment(new GradientDescent(0.01f), [.. bn.TrainableVariables, .. dense.TrainableVariables])]);
        new float[] { 1f, 2f, 3f, 4f, 5f, 6f, 7f, 8f }.CopyTo(step.Input<float>(0, 4, 2));
        step.Run();
        // batch mean [4, 5], biased variance [5, 5]; moving = 0.5·initial + 0.5·batch
        AssertClose.Spans([2f, 2.5f], bn.MovingMean.AsSpan());
        AssertClose.Spans([3f, 3f], bn.MovingVariance.AsSpan());
        Assert.Contains(bn.MovingMean, step.Variables);
    }

    [Fact]
    public void Resuming_from_a_checkpoint_equals_an_uninterrupted_run()
    {
        using var dir = new TempDirectory();
        float[] uninterrupted = TrainAndSnapshot(seed: 21, steps: 40);

        // 25 steps, checkpoint to disk, then a brand-new model restored from it runs the remaining 15.
        var first = new WideAndDeepModel(seed: 21);
        TrainingStep firstStep = first.CreateStep(batch: 32, clipNorm: 10f, seed: 21);
        for (int i = 0; i < 25; i++) { WideAndDeepModel.FillBatch(firstStep, 32, i); firstStep.Run(); }
        var manager = new CheckpointManager(dir.Path);
        manager.Save(firstStep.CaptureCheckpoint());

        var resumed = new WideAndDeepModel(seed: 999); // different initial values: everything must come from the file
        TrainingStep resumedStep = resumed.CreateStep(batch: 32, clipNorm: 10f, seed: 777);
        Checkpoint checkpoint = new CheckpointManager(dir.Path).RestoreLatest(out _)!;
        resumedStep.Restore(checkpoint);
        Assert.Equal(25, resumedStep.GlobalStep);
        for (int i = 25; i < 40; i++) { WideAndDeepModel.FillBatch(resumedStep, 32, i); resumedStep.Run(); }

        Assert.Equal(uninterrupted.Select(BitConverter.SingleToInt32Bits), Snapshot(resumed, resumedStep).Select(BitConverter.SingleToInt32Bits));
    }

    [Fact]
    public void Checkpoint_holds_variables_slots_optimizer_state_and_rng()
    {
        var model = new WideAndDeepModel(seed: 2);
        TrainingStep step = model.CreateStep(batch: 8);
        WideAndDeepModel.FillBatch(step, 8, 0);
        step.Run();
        Checkpoint checkpoint = step.CaptureCheckpoint();
        string[] names = checkpoint.Tensors.Select(t => t.Name).ToArray();
        Assert.Contains("linear/weights/embeddings", names);
        Assert.Contains("linear/weights/embeddings/Ftrl/accumulator", names);
        Assert.Contains("linear/weights/embeddings/Ftrl/linear", names);
        Assert.Contains("dnn/hiddenlayer_0/kernel/Adagrad/accumulator", names);
        Assert.Contains("dnn/batchnorm_0/moving_mean", names);
        Assert.Contains("optimizer/Ftrl/iterations", names);
        Assert.Equal(1, checkpoint.GlobalStep);
        Assert.Equal(16, checkpoint.RngState.Length);

        var stranger = new Checkpoint(1);
        var error = Assert.Throws<KeyNotFoundException>(() => step.Restore(stranger));
        Assert.Contains("linear/weights/embeddings", error.Message);
    }

    [Fact]
    public void Misassigned_variables_are_rejected_by_name()
    {
        var random = new RandomGenerator(1);
        var dense = new Dense("d", 2, 1, Activation.Linear, random);
        TensorSpec[] inputs = [new TensorSpec(DType.Float32, new Shape(4, 2), "x")];
        var missing = Assert.Throws<ArgumentException>(() => new TrainingStep(inputs, t => [dense.Call(t[0]).Sum()],
            [new OptimizerAssignment(new GradientDescent(0.1f), [dense.Kernel])]));
        Assert.Contains("d/bias", missing.Message);
        var twice = Assert.Throws<ArgumentException>(() => new TrainingStep(inputs, t => [dense.Call(t[0]).Sum()],
            [new OptimizerAssignment(new GradientDescent(0.1f), dense.Variables), new OptimizerAssignment(new Adagrad(0.1f), [dense.Kernel])]));
        Assert.Contains("d/kernel", twice.Message);
        var notScalar = Assert.Throws<ArgumentException>(() => new TrainingStep(inputs, t => [dense.Call(t[0])],
            [new OptimizerAssignment(new GradientDescent(0.1f), dense.Variables)]));
        Assert.Contains("single", notScalar.Message);
    }

    private static float[] TrainAndSnapshot(ulong seed, int steps)
    {
        var model = new WideAndDeepModel(seed);
        TrainingStep step = model.CreateStep(batch: 32, clipNorm: 10f, seed: seed);
        for (int i = 0; i < steps; i++) { WideAndDeepModel.FillBatch(step, 32, i); step.Run(); }
        return Snapshot(model, step);
    }

    private static float[] Snapshot(WideAndDeepModel model, TrainingStep step)
    {
        var values = new List<float>();
        foreach (Variable variable in step.Variables) values.AddRange(variable.AsSpan().ToArray());
        foreach (SlotSet slots in step.Slots)
            for (int s = 0; s < slots.Definitions.Count; s++) values.AddRange(slots.Values(s));
        values.Add(step.Loss);
        return [.. values];
    }
}
