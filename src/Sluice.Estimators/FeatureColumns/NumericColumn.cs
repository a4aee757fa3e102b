using Sluice.Data.Columns;

namespace Sluice.Estimators.FeatureColumns;

/// <summary>numeric_column: one float per example (Float32 or Int64 input), optionally normalised. Dense, width 1.</summary>
public sealed record NumericColumn : FeatureColumn
{
    internal NumericColumn(string key, float? defaultValue, Normalizer? normalizer)
    {
        FeatureColumnChecks.Key(key, "numeric_column");
        Key = key;
        DefaultValue = defaultValue;
        Normalizer = normalizer;
    }

    public string Key { get; }

    /// <summary>Used when the input is missing; null makes a missing value an error.</summary>
    public float? DefaultValue { get; }

    public Normalizer? Normalizer { get; init; }

    public override string Name => Key;

    public override IEnumerable<string> InputKeys => [Key];

    /// <summary>The raw (defaulted, not normalised) value of <paramref name="row"/>.</summary>
    internal float ReadRaw(ColumnBatch batch, int row)
    {
        var column = FeatureColumnChecks.Input(batch, Key, Name);
        if (column.Missing[row])
        {
            return DefaultValue ?? throw new FeatureColumnException(Name, $"value missing in row {row} and the column has no default value.");
        }
        return column switch
        {
            FloatColumn f => f.Values[row],
            Int64Column l => l.Values[row],
            _ => throw new FeatureColumnException(Name, $"input '{Key}' is a {column.Kind} column; a numeric column needs Float32 or Int64."),
        };
    }

    /// <summary>The model input value of <paramref name="row"/> (defaulted and normalised).</summary>
    internal float Read(ColumnBatch batch, int row)
    {
        float raw = ReadRaw(batch, row);
        return Normalizer is { IsFitted: true } n ? n.Apply(raw) : raw;
    }

    public override string ToString()
        => $"numeric_column(key={Key}{(DefaultValue is { } d ? $", default={d}" : "")}{(Normalizer is { } n ? $", normalizer={n}" : "")})";
}
