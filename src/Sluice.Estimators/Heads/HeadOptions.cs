namespace Sluice.Estimators.Heads;

/// <summary>
/// The head of a model: <paramref name="Kind"/>, the label feature, the class count, an optional string label
/// vocabulary (labels must then be one of its entries; class id = position) and an optional per-example weight
/// feature. Loss reduction is SUM over the batch (TF1's default).
/// </summary>
public sealed record HeadOptions(
    HeadKind Kind,
    string LabelKey,
    int NumClasses = 2,
    IReadOnlyList<string>? LabelVocabulary = null,
    string? WeightKey = null)
{
    /// <summary>Checks the combination; errors name the field.</summary>
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(LabelKey)) throw new ArgumentException("head.label: the label feature name is required.");
        switch (Kind)
        {
            case HeadKind.BinaryClassification when NumClasses != 2:
                throw new ArgumentException($"head.numClasses: a binary head has 2 classes (got {NumClasses}).");
            case HeadKind.MultiClassClassification when NumClasses < 3:
                throw new ArgumentException($"head.numClasses: a multi-class head needs at least 3 classes (got {NumClasses}); use the binary head for 2.");
            case HeadKind.Regression when LabelVocabulary is not null:
                throw new ArgumentException("head.labelVocabulary: a regression head takes numeric labels, not a vocabulary.");
        }
        if (LabelVocabulary is { } vocabulary)
        {
            if (vocabulary.Count != NumClasses)
                throw new ArgumentException($"head.labelVocabulary: has {vocabulary.Count} entries but the head has {NumClasses} classes.");
            if (vocabulary.Distinct(StringComparer.Ordinal).Count() != vocabulary.Count)
                throw new ArgumentException("head.labelVocabulary: entries must be unique.");
        }
    }

    /// <summary>The class labels reported in predictions: the vocabulary, or "0".."n-1"; null for regression.</summary>
    public IReadOnlyList<string>? ClassLabels => Kind == HeadKind.Regression
        ? null
        : LabelVocabulary ?? [.. Enumerable.Range(0, NumClasses).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))];
}
