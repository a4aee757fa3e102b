namespace Sluice.Estimators.FeatureColumns;

/// <summary>One input of a <see cref="CrossedColumn"/>: a raw string feature (Column null) or a categorical column's ids.</summary>
public sealed record CrossInput(string Name, CategoricalColumn? Column)
{
    public override string ToString() => Column is null ? Name : Column.Name;
}
