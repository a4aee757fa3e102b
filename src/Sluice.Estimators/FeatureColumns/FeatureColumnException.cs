namespace Sluice.Estimators.FeatureColumns;

/// <summary>An invalid feature column definition, or input a column cannot transform; the message names the column.</summary>
public sealed class FeatureColumnException(string columnName, string problem)
    : Exception($"Feature column '{columnName}': {problem}")
{
    /// <summary>The name of the column at fault.</summary>
    public string ColumnName { get; } = columnName;
}
