namespace Sluice.Estimators.Heads;

/// <summary>TF's prediction keys (PredictionKeys).</summary>
public static class PredictionKeys
{
    public const string Logits = "logits";
    public const string Logistic = "logistic";
    public const string Probabilities = "probabilities";
    public const string ClassIds = "class_ids";
    public const string Classes = "classes";
    public const string AllClassIds = "all_class_ids";
    public const string AllClasses = "all_classes";
    public const string Predictions = "predictions";

    /// <summary>The keys a head emits per example.</summary>
    public static IReadOnlyList<string> For(HeadKind kind) => kind switch
    {
        HeadKind.BinaryClassification => [Logits, Logistic, Probabilities, ClassIds, Classes, AllClassIds, AllClasses],
        HeadKind.MultiClassClassification => [Logits, Probabilities, ClassIds, Classes, AllClassIds, AllClasses],
        _ => [Predictions],
    };
}
