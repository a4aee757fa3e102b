namespace Sluice.Estimators.Heads;

/// <summary>What the model predicts: decides the logits width, loss, prediction keys and metrics.</summary>
public enum HeadKind
{
    /// <summary>One logit, sigmoid cross-entropy (n_classes = 2).</summary>
    BinaryClassification,

    /// <summary>n logits, softmax cross-entropy.</summary>
    MultiClassClassification,

    /// <summary>One output, squared error.</summary>
    Regression,
}
