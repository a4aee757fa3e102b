using System.Diagnostics;
using Sluice.Estimators.Model;
using Sluice.Events;
using Sluice.Learning.Checkpoints;

namespace Sluice.Estimators.Training;

/// <summary>
/// The step loop of <see cref="Estimator.Train"/>: epoch-wise shuffled index batches, logging (events + progress)
/// every N steps, checkpoints by steps or seconds and a final checkpoint. The batch of global step g is fully
/// determined by (seed, g), so resuming from a checkpoint replays exactly what an uninterrupted run does.
/// </summary>
internal sealed class TrainingLoop(Estimator estimator, FeaturizedData data, TrainOptions options, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken, TrainingSession? session)
{
    public TrainingResult Run()
    {
        var config = estimator.Config;
        int n = data.Count, batch = options.BatchSize;
        if (n == 0) throw new InvalidDataException("The training data has no rows.");
        long stepsPerEpoch = (n + batch - 1) / batch;
        long start = estimator.GlobalStep;
        long target = options.Epochs is { } e ? e * stepsPerEpoch : options.MaxSteps ?? start + options.Steps!.Value;

        var order = new int[n];
        long currentEpoch = -1;
        var checkpoints = estimator.Checkpoints;
        double checkpointSecs = config.SaveCheckpointsSteps is null ? config.SaveCheckpointsSecs ?? 600 : double.PositiveInfinity;
        long begin = Stopwatch.GetTimestamp(), lastCheckpoint = begin, lastLog = begin;
        long logSteps = 0;
        double logLoss = 0, logWeight = 0, lastLoss = 0, averageLoss = double.NaN;
        string? checkpointPath = null;
        var (linearOptimizer, dnnOptimizer) = (estimator.Trainer.LinearOptimizer.Optimizer, estimator.Trainer.DnnOptimizer.Optimizer);
        string? latestSaved = checkpoints.LatestPath;
        var histograms = config.HistogramsEveryNSteps is null ? null : new VariableHistograms(estimator.Parameters);
        EventFileWriter? events = null;
        try
        {
            long step = start;
            long reportedTarget = session?.OverallTarget ?? target;
            if (step < target) events = session?.TrainEvents(config.ModelDirectory) ?? new EventFileWriter(config.ModelDirectory);
            while (step < target && !cancellationToken.IsCancellationRequested)
            {
                long epoch = step / stepsPerEpoch;
                if (epoch != currentEpoch)
                {
                    Shuffle(order, config.Seed, epoch, options.Shuffle);
                    currentEpoch = epoch;
                }
                int offset = (int)(step % stepsPerEpoch) * batch;
                var rows = order.AsSpan(offset, Math.Min(batch, n - offset));
                var (loss, weight) = estimator.Trainer.Step(data, rows, step);
                step++;
                estimator.AdvanceTo(step);
                lastLoss = loss;
                logLoss += loss;
                logWeight += weight;
                logSteps++;

                if (step % config.LogStepCountSteps == 0 || step == target)
                {
                    double seconds = Estimator.Elapsed(lastLog);
                    double stepsPerSecond = seconds > 0 ? logSteps / seconds : 0;
                    averageLoss = logLoss / logWeight;
                    events!.WriteScalar("loss", step, (float)lastLoss);
                    events.WriteScalar("average_loss", step, (float)averageLoss);
                    events.WriteScalar("global_step/sec", step, (float)stepsPerSecond);
                    if (estimator.Parameters.LinearWeights is not null) events.WriteScalar("learning_rate/linear", step, linearOptimizer.CurrentLearningRate);
                    if (estimator.Parameters.Kernels.Length > 0) events.WriteScalar("learning_rate/dnn", step, dnnOptimizer.CurrentLearningRate);
                    progress?.Report(new TrainingProgress(step, reportedTarget, (int)((step - 1) / stepsPerEpoch) + 1, lastLoss, averageLoss, stepsPerSecond, stepsPerSecond * batch));
                    (logLoss, logWeight, logSteps, lastLog) = (0, 0, 0, Stopwatch.GetTimestamp());
                }
                if (histograms is not null && step % config.HistogramsEveryNSteps!.Value == 0) histograms.Write(events!, step);
                bool due = config.SaveCheckpointsSteps is { } every ? step % every == 0 : Estimator.Elapsed(lastCheckpoint) >= checkpointSecs;
                if (due)
                {
                    checkpointPath = latestSaved = checkpoints.Save(ModelCheckpoint.Capture(step, estimator.Parameters, estimator.Trainer));
                    lastCheckpoint = Stopwatch.GetTimestamp();
                }
            }
            string finalPath = Path.Combine(checkpoints.ModelDirectory, CheckpointManager.FileNameFor(step));
            if (latestSaved != finalPath)
                checkpointPath = checkpoints.Save(ModelCheckpoint.Capture(step, estimator.Parameters, estimator.Trainer));
            double total = Estimator.Elapsed(begin);
            long run = step - start;
            return new TrainingResult(step, run, total, total > 0 ? run * (double)batch / total : 0, averageLoss, checkpointPath ?? finalPath);
        }
        finally
        {
            if (session is null) events?.Dispose();
            else events?.Flush();
        }
    }

    /// <summary>The example order of one epoch: Fisher–Yates with a generator seeded by (seed, epoch).</summary>
    internal static void Shuffle(int[] order, long seed, long epoch, bool shuffle)
    {
        for (int i = 0; i < order.Length; i++) order[i] = i;
        if (!shuffle) return;
        var rng = SplitMix64.ForStep(seed, epoch, 3);
        for (int i = order.Length - 1; i > 0; i--)
        {
            int j = rng.NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
    }
}
