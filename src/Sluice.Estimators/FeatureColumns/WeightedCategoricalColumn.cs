using Sluice.Data.Columns;

namespace Sluice.Estimators.FeatureColumns;

/// <summary>
/// weighted_categorical_column: the ids of <see cref="Categorical"/>, each weighted by the float feature
/// <see cref="WeightKey"/> of the same example (a missing weight drops the id).
/// </summary>
public sealed record WeightedCategoricalColumn : CategoricalColumn
{
    internal WeightedCategoricalColumn(CategoricalColumn categorical, string weightKey)
    {
        ArgumentNullException.ThrowIfNull(categorical);
        string name = $"{categorical.Name}_weighted_by_{weightKey}";
        if (string.IsNullOrWhiteSpace(weightKey)) throw new FeatureColumnException(name, "needs a weight feature key.");
        if (categorical is WeightedCategoricalColumn) throw new FeatureColumnException(name, "cannot weight an already weighted column.");
        Categorical = categorical;
        WeightKey = weightKey;
    }

    public CategoricalColumn Categorical { get; }
    public string WeightKey { get; }

    public override string Name => $"{Categorical.Name}_weighted_by_{WeightKey}";
    public override IEnumerable<string> InputKeys => [.. Categorical.InputKeys, WeightKey];
    public override int NumBuckets => Categorical.NumBuckets;
    internal override int MaxIdsPerRow => Categorical.MaxIdsPerRow;

    internal override int WriteIds(ColumnBatch batch, int row, Span<int> ids, Span<float> weights)
    {
        int count = Categorical.WriteIds(batch, row, ids, weights);
        if (count == 0) return 0;
        var weightColumn = FeatureColumnChecks.Input(batch, WeightKey, Name);
        if (weightColumn.Missing[row]) return 0;
        float weight = weightColumn switch
        {
            FloatColumn f => f.Values[row],
            Int64Column l => l.Values[row],
            _ => throw new FeatureColumnException(Name, $"weight feature '{WeightKey}' is a {weightColumn.Kind} column; it must be numeric."),
        };
        for (int i = 0; i < count; i++) weights[i] *= weight;
        return count;
    }

    public override string ToString() => $"weighted_categorical_column(categorical={Categorical.Name}, weight_feature_key={WeightKey})";
}
