namespace Sluice.Data.Profiling;

/// <summary>Statistics of one column (field names are the JSON keys, camelCased; see docs/data.md).</summary>
public sealed class ColumnProfile
{
    public required string Name { get; init; }

    /// <summary>float32, int64 or string (inferred unless a schema was given).</summary>
    public required string Type { get; init; }

    /// <summary>Non-missing cells.</summary>
    public long Count { get; init; }

    /// <summary>Missing cells (a missing token, an empty cell, JSON null or an absent key).</summary>
    public long Missing { get; init; }

    /// <summary>Distinct non-missing values; exact when <see cref="DistinctExact"/>, else a HyperLogLog estimate.</summary>
    public long Distinct { get; init; }

    public bool DistinctExact { get; init; }

    public double? Min { get; init; }
    public double? Max { get; init; }
    public double? Mean { get; init; }

    /// <summary>Sample standard deviation (n − 1).</summary>
    public double? Std { get; init; }

    /// <summary>First quartile, median and third quartile (linear interpolation when exact).</summary>
    public double? Q1 { get; init; }
    public double? Median { get; init; }
    public double? Q3 { get; init; }

    /// <summary>true when quantiles and the histogram come from every value; false: from the KLL sketch.</summary>
    public bool QuantilesExact { get; init; }

    /// <summary>Numeric columns: equal-width bins from min to max (the last bin includes max).</summary>
    public IReadOnlyList<HistogramBin>? Histogram { get; init; }

    /// <summary>String columns: the most frequent values with their counts.</summary>
    public IReadOnlyList<ValueCount>? TopValues { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public bool IsNumeric => Type != "string";
}
