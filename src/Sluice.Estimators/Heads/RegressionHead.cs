namespace Sluice.Estimators.Heads;

/// <summary>Regression head: prediction = logit, loss (prediction - label)².</summary>
internal sealed class RegressionHead(HeadOptions options) : Head(options)
{
    public override int LogitsDimension => 1;

    public override float LossAndGradient(ReadOnlySpan<float> logits, float label, Span<float> gradient)
    {
        float error = logits[0] - label;
        gradient[0] = 2f * error;
        return error * error;
    }

    public override void AddMetrics(EvaluationData data, IDictionary<string, double> metrics)
    {
        double weightSum = 0, squared = 0, absolute = 0, labelSum = 0, predictionSum = 0;
        for (int i = 0; i < data.Count; i++)
        {
            double w = data.Weights[i], error = data.Logits[i] - data.Labels[i];
            weightSum += w;
            squared += w * error * error;
            absolute += w * Math.Abs(error);
            labelSum += w * data.Labels[i];
            predictionSum += w * data.Logits[i];
        }
        metrics[MetricKeys.Rmse] = Math.Sqrt(squared / weightSum);
        metrics[MetricKeys.Mae] = absolute / weightSum;
        metrics[MetricKeys.LabelMean] = labelSum / weightSum;
        metrics[MetricKeys.PredictionMean] = predictionSum / weightSum;
    }
}
