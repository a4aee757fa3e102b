namespace Sluice.Data.Profiling;

/// <summary>The result of <c>sluice data describe</c>: per-column statistics of one file, computed in one pass.</summary>
public sealed class DatasetProfile
{
    public required string File { get; init; }

    /// <summary>csv or jsonLines.</summary>
    public required string Format { get; init; }

    public long Rows { get; init; }

    /// <summary>Malformed rows left out (the skip policy), with the first few locations.</summary>
    public long RowsSkipped { get; init; }

    public IReadOnlyList<string> SkippedExamples { get; init; } = [];

    public long Bytes { get; init; }

    public double Seconds { get; init; }

    /// <summary>true when the schema was inferred from the first rows rather than given.</summary>
    public bool SchemaInferred { get; init; }

    /// <summary>How approximate statistics are bounded.</summary>
    public required string ErrorBounds { get; init; }

    public required IReadOnlyList<ColumnProfile> Columns { get; init; }
}
