namespace Sluice.Estimators.Heads;

/// <summary>Binary logistic head: sigmoid cross-entropy on one logit; class 1 when logistic &gt; 0.5.</summary>
internal sealed class BinaryHead(HeadOptions options) : Head(options)
{
    public override int LogitsDimension => 1;

    /// <summary>max(z, 0) - z·y + log(1 + e^-|z|); gradient σ(z) - y.</summary>
    public override float LossAndGradient(ReadOnlySpan<float> logits, float label, Span<float> gradient)
    {
        float z = logits[0];
        gradient[0] = 1f / (1f + MathF.Exp(-z)) - label;
        return MathF.Max(z, 0f) - z * label + MathF.Log(1f + MathF.Exp(-MathF.Abs(z)));
    }

    public override void AddMetrics(EvaluationData data, IDictionary<string, double> metrics)
    {
        int n = data.Count;
        double weightSum = 0, correct = 0, labelSum = 0, predictionSum = 0, tp = 0, fp = 0, fn = 0;
        var scores = new float[n];
        for (int i = 0; i < n; i++)
        {
            float w = data.Weights[i], y = data.Labels[i];
            float p = scores[i] = 1f / (1f + MathF.Exp(-data.Logits[i]));
            int predicted = p > 0.5f ? 1 : 0;
            weightSum += w;
            labelSum += w * y;
            predictionSum += w * p;
            if (predicted == (int)y) correct += w;
            if (predicted == 1 && y == 1) tp += w;
            if (predicted == 1 && y == 0) fp += w;
            if (predicted == 0 && y == 1) fn += w;
        }
        double labelMean = labelSum / weightSum;
        var (roc, pr) = RankingMetrics.Auc(scores, data.Labels, data.Weights);
        metrics[MetricKeys.Accuracy] = correct / weightSum;
        metrics[MetricKeys.AccuracyBaseline] = Math.Max(labelMean, 1 - labelMean);
        metrics[MetricKeys.Auc] = roc;
        metrics[MetricKeys.AucPrecisionRecall] = pr;
        metrics[MetricKeys.Precision] = tp + fp > 0 ? tp / (tp + fp) : 0;
        metrics[MetricKeys.Recall] = tp + fn > 0 ? tp / (tp + fn) : 0;
        metrics[MetricKeys.LabelMean] = labelMean;
        metrics[MetricKeys.PredictionMean] = predictionSum / weightSum;
    }
}
