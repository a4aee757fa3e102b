namespace Sluice.Estimators.Heads;

/// <summary>TF's evaluation metric keys (head.py MetricKeys).</summary>
public static class MetricKeys
{
    public const string Loss = "loss";
    public const string AverageLoss = "average_loss";
    public const string Accuracy = "accuracy";
    public const string AccuracyBaseline = "accuracy_baseline";
    public const string Auc = "auc";
    public const string AucPrecisionRecall = "auc_precision_recall";
    public const string Precision = "precision";
    public const string Recall = "recall";
    public const string LabelMean = "label/mean";
    public const string PredictionMean = "prediction/mean";
    public const string GlobalStep = "global_step";
    public const string Rmse = "rmse";
    public const string Mae = "mae";
}
