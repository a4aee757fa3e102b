namespace Sluice.Estimators.FeatureColumns;

/// <summary>
/// indicator_column: a dense multi-hot vector of width <see cref="CategoricalColumn.NumBuckets"/> holding each id's
/// count (or summed weight for a weighted column). Lets a DNN read a categorical column.
/// </summary>
public sealed record IndicatorColumn : FeatureColumn
{
    internal IndicatorColumn(CategoricalColumn categorical)
    {
        ArgumentNullException.ThrowIfNull(categorical);
        Categorical = categorical;
    }

    public CategoricalColumn Categorical { get; }

    public override string Name => Categorical.Name + "_indicator";
    public override IEnumerable<string> InputKeys => Categorical.InputKeys;

    /// <summary>The dense width.</summary>
    public int Dimension => Categorical.NumBuckets;

    public override string ToString() => $"indicator_column(categorical={Categorical})";
}
