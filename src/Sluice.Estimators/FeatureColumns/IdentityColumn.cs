using Sluice.Data.Columns;

namespace Sluice.Estimators.FeatureColumns;

/// <summary>
/// categorical_column_with_identity: id = the Int64 value when it lies in [0, <see cref="NumBuckets"/>); otherwise
/// <see cref="DefaultValue"/>, and with no default an out-of-range value is an error naming the column and row.
/// </summary>
public sealed record IdentityColumn : CategoricalColumn
{
    private readonly int _numBuckets;

    internal IdentityColumn(string key, int numBuckets, int? defaultValue)
    {
        FeatureColumnChecks.Key(key, "categorical_column_with_identity");
        FeatureColumnChecks.Positive(numBuckets, key, "numBuckets");
        if (defaultValue is { } d && (d < 0 || d >= numBuckets))
            throw new FeatureColumnException(key, $"defaultValue {d} is outside [0, {numBuckets}).");
        Key = key;
        _numBuckets = numBuckets;
        DefaultValue = defaultValue;
    }

    public string Key { get; }
    public int? DefaultValue { get; }

    public override string Name => Key;
    public override IEnumerable<string> InputKeys => [Key];
    public override int NumBuckets => _numBuckets;

    internal override int WriteIds(ColumnBatch batch, int row, Span<int> ids, Span<float> weights)
    {
        var column = FeatureColumnChecks.Input(batch, Key, Name);
        if (column.Missing[row]) return 0;
        long value = column switch
        {
            Int64Column l => l.Values[row],
            FloatColumn f when f.Values[row] == MathF.Floor(f.Values[row]) => (long)f.Values[row],
            _ => throw new FeatureColumnException(Name, $"input '{Key}' row {row} is not an integer; identity columns need Int64 input."),
        };
        if (value < 0 || value >= _numBuckets)
        {
            if (DefaultValue is not { } d)
                throw new FeatureColumnException(Name, $"value {value} in row {row} is outside [0, {_numBuckets}) and the column has no default value.");
            value = d;
        }
        ids[0] = (int)value;
        weights[0] = 1f;
        return 1;
    }

    public override string ToString()
        => $"categorical_column_with_identity(key={Key}, num_buckets={_numBuckets}{(DefaultValue is { } d ? $", default_value={d}" : "")})";
}
