namespace Sluice.Estimators.Heads;

/// <summary>Multi-class head: softmax cross-entropy over n logits; class = argmax.</summary>
internal sealed class MultiClassHead(HeadOptions options) : Head(options)
{
    public override int LogitsDimension => Options.NumClasses;

    /// <summary>logsumexp(z) - z_y; gradient softmax(z) - onehot(y).</summary>
    public override float LossAndGradient(ReadOnlySpan<float> logits, float label, Span<float> gradient)
    {
        float max = float.NegativeInfinity;
        foreach (float z in logits) max = MathF.Max(max, z);
        float sum = 0f;
        for (int k = 0; k < logits.Length; k++) sum += gradient[k] = MathF.Exp(logits[k] - max);
        int y = (int)label;
        for (int k = 0; k < logits.Length; k++) gradient[k] /= sum;
        gradient[y] -= 1f;
        return max + MathF.Log(sum) - logits[y];
    }

    public override void AddMetrics(EvaluationData data, IDictionary<string, double> metrics)
    {
        double weightSum = 0, correct = 0;
        for (int i = 0; i < data.Count; i++)
        {
            var logits = data.LogitsOf(i);
            int best = 0;
            for (int k = 1; k < logits.Length; k++) if (logits[k] > logits[best]) best = k;
            weightSum += data.Weights[i];
            if (best == (int)data.Labels[i]) correct += data.Weights[i];
        }
        metrics[MetricKeys.Accuracy] = correct / weightSum;
    }
}
