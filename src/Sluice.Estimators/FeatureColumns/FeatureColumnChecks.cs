using Sluice.Data.Columns;

namespace Sluice.Estimators.FeatureColumns;

/// <summary>Shared definition-time checks and input lookups for feature columns.</summary>
internal static class FeatureColumnChecks
{
    public static void Key(string key, string what)
    {
        if (string.IsNullOrWhiteSpace(key)) throw new FeatureColumnException(key ?? "", $"{what} needs a non-empty key.");
    }

    public static void Positive(int value, string columnName, string parameter)
    {
        if (value <= 0) throw new FeatureColumnException(columnName, $"{parameter} must be positive (got {value}).");
    }

    public static Column Input(ColumnBatch batch, string key, string columnName)
        => batch.TryGet(key, out var column)
            ? column
            : throw new FeatureColumnException(columnName, $"the input has no feature '{key}'.");
}
