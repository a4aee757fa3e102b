using Sluice.Estimators.Heads;
using Sluice.Estimators.Model;

namespace Sluice.Estimators.Training;

/// <summary>
/// One pass over an evaluation set: logits for every example, per-example losses, then TF's metrics. <c>loss</c> is
/// the mean over batches (of the training batch size) of the batch's Σ weight·loss; <c>average_loss</c> is
/// Σ weight·loss / Σ weight.
/// </summary>
internal static class Evaluator
{
    private const int Chunk = 512;

    public static EvaluationResult Run(NetworkParameters parameters, Head head, FeaturizedData data, int batchSize, long globalStep)
    {
        int n = data.Count, units = head.LogitsDimension;
        if (n == 0) throw new InvalidDataException("The evaluation data has no rows.");
        var ws = new NetworkWorkspace(parameters, Chunk);
        var result = new EvaluationData(n, units);
        var rows = new int[Chunk];
        var gradient = new float[units];
        var rng = new SplitMix64(0);
        for (int startRow = 0; startRow < n; startRow += Chunk)
        {
            int count = Math.Min(Chunk, n - startRow);
            for (int i = 0; i < count; i++) rows[i] = startRow + i;
            NetworkForward.Run(parameters, data.Features, rows.AsSpan(0, count), ws, 0f, ref rng);
            for (int i = 0; i < count; i++)
            {
                int r = startRow + i;
                var logits = ws.Logits.AsSpan(i * units, units);
                logits.CopyTo(result.Logits.AsSpan(r * units, units));
                result.Labels[r] = data.Labels[r];
                result.Weights[r] = data.Weights[r];
                result.Losses[r] = head.LossAndGradient(logits, data.Labels[r], gradient);
            }
        }
        double weighted = 0, weightSum = 0, batchLossSum = 0, current = 0;
        int batches = 0;
        for (int r = 0; r < n; r++)
        {
            double l = result.Weights[r] * result.Losses[r];
            weighted += l;
            weightSum += result.Weights[r];
            current += l;
            if ((r + 1) % batchSize == 0 || r == n - 1)
            {
                batchLossSum += current;
                current = 0;
                batches++;
            }
        }
        var metrics = new SortedDictionary<string, double>(StringComparer.Ordinal)
        {
            [MetricKeys.Loss] = batchLossSum / batches,
            [MetricKeys.AverageLoss] = weighted / weightSum,
            [MetricKeys.GlobalStep] = globalStep,
        };
        head.AddMetrics(result, metrics);
        return new EvaluationResult(globalStep, n, metrics);
    }
}
