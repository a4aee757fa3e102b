namespace Sluice.Estimators.Heads;

/// <summary>
/// Exact, weighted ROC AUC and PR AUC over every distinct score (not TF's 200-threshold approximation). Examples are
/// sorted by score; tied scores form one threshold step. ROC AUC is the trapezoidal area of (FPR, TPR); PR AUC is the
/// trapezoidal area of (recall, precision) — the same summation TF uses, with the curve starting at recall 0 and the
/// precision of the highest threshold.
/// </summary>
internal static class RankingMetrics
{
    public static (double Roc, double PrecisionRecall) Auc(ReadOnlySpan<float> scores, ReadOnlySpan<float> labels, ReadOnlySpan<float> weights)
    {
        int n = scores.Length;
        var order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        var keys = scores.ToArray();
        Array.Sort(keys, order);   // ascending; walk from the end for descending thresholds
        double totalPositive = 0, totalNegative = 0;
        for (int i = 0; i < n; i++)
        {
            totalPositive += weights[i] * labels[i];
            totalNegative += weights[i] * (1 - labels[i]);
        }
        if (totalPositive <= 0 || totalNegative <= 0) return (double.NaN, double.NaN);

        double tp = 0, fp = 0, roc = 0, pr = 0;
        double prevTpr = 0, prevFpr = 0, prevRecall = 0, prevPrecision = double.NaN;
        int k = n - 1;
        while (k >= 0)
        {
            float threshold = keys[k];
            while (k >= 0 && keys[k] == threshold)
            {
                int i = order[k];
                tp += weights[i] * labels[i];
                fp += weights[i] * (1 - labels[i]);
                k--;
            }
            double tpr = tp / totalPositive, fpr = fp / totalNegative;
            roc += (fpr - prevFpr) * (tpr + prevTpr) / 2;
            double precision = tp + fp > 0 ? tp / (tp + fp) : 1;
            if (double.IsNaN(prevPrecision)) prevPrecision = precision;
            pr += (tpr - prevRecall) * (precision + prevPrecision) / 2;
            (prevTpr, prevFpr, prevRecall, prevPrecision) = (tpr, fpr, tpr, precision);
        }
        return (roc, pr);
    }
}
