using Sluice.Data.Columns;

namespace Sluice.Estimators.Training;

/// <summary>Train N steps, evaluate, export, check early stopping; repeat until the stop condition (TF's train_and_evaluate, local mode).</summary>
internal sealed class TrainAndEvaluate(Estimator estimator, ColumnBatch train, ColumnBatch eval, TrainOptions options, TrainAndEvaluateOptions schedule, IProgress<TrainingProgress>? progress, CancellationToken cancellationToken)
{
    public TrainAndEvaluateResult Run()
    {
        options.Validate();
        schedule.Validate();
        long stepsPerEpoch = (train.RowCount + options.BatchSize - 1) / options.BatchSize;
        long target = options.Epochs is { } e ? e * stepsPerEpoch : options.MaxSteps ?? estimator.GlobalStep + options.Steps!.Value;
        var evaluations = new List<EvaluationResult>();
        var exports = new List<string>();
        var best = new Dictionary<string, double>(StringComparer.Ordinal);
        double? bestForStopping = null;
        int withoutImprovement = 0;
        TrainingResult? last = null;
        string? stopReason = null;
        var exporters = schedule.Exporters ?? [];
        using var session = new TrainingSession(target);
        while (true)
        {
            long next = Math.Min(target, (estimator.GlobalStep / schedule.EvaluateEverySteps + 1) * schedule.EvaluateEverySteps);
            last = estimator.Train(train, options with { Epochs = null, Steps = null, MaxSteps = next }, progress, cancellationToken, session);
            var evaluation = estimator.Evaluate(eval, null, session);
            evaluations.Add(evaluation);
            bool finished = estimator.GlobalStep >= target || cancellationToken.IsCancellationRequested;

            if (schedule.EarlyStopping is { } stop && estimator.GlobalStep >= stop.MinSteps)
            {
                double value = evaluation[stop.Metric];
                if (stop.Threshold is { } threshold && (stop.HigherIsBetter ? value >= threshold : value <= threshold))
                    stopReason = $"{stop.Metric} = {value:G6} crossed the threshold {threshold:G6} at step {estimator.GlobalStep}";
                if (bestForStopping is null || Better(value, bestForStopping.Value, stop.HigherIsBetter))
                {
                    bestForStopping = value;
                    withoutImprovement = 0;
                }
                else if (++withoutImprovement >= stop.MaxEvaluationsWithoutImprovement)
                {
                    stopReason ??= $"{stop.Metric} did not improve for {withoutImprovement} evaluations (best {bestForStopping:G6})";
                }
            }
            finished |= stopReason is not null;

            foreach (var exporter in exporters)
            {
                bool write = exporter.Kind switch
                {
                    ExporterKind.Latest => true,
                    ExporterKind.Final => finished,
                    _ => !best.TryGetValue(exporter.Name, out double b) || Better(evaluation[exporter.Metric], b, exporter.HigherIsBetter),
                };
                if (!write) continue;
                if (exporter.Kind == ExporterKind.Best) best[exporter.Name] = evaluation[exporter.Metric];
                exports.Add(estimator.Export(name: exporter.Name, metrics: evaluation.Metrics));
                if (exporter.Kind != ExporterKind.Final) Export.BundleWriter.KeepNewest(Path.Combine(estimator.Config.ModelDirectory, "export", exporter.Name), exporter.ExportsToKeep);
            }
            if (finished) break;
        }
        return new TrainAndEvaluateResult(last!, evaluations, exports, stopReason is not null, stopReason);
    }

    private static bool Better(double value, double reference, bool higherIsBetter) => higherIsBetter ? value > reference : value < reference;
}
