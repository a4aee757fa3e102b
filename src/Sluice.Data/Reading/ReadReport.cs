namespace Sluice.Data.Reading;

/// <summary>What a reader has done so far: rows delivered, rows dropped by the skip policy and where.</summary>
public sealed class ReadReport
{
    /// <summary>How many skipped-row locations are kept.</summary>
    public const int MaxExamples = 10;

    private readonly List<DataFormatException> _examples = [];

    /// <summary>Rows delivered to batches.</summary>
    public long RowsRead { get; internal set; }

    /// <summary>Malformed rows dropped under <see cref="Schema.ErrorPolicy.Skip"/>.</summary>
    public long RowsSkipped { get; private set; }

    /// <summary>The first <see cref="MaxExamples"/> dropped rows, each naming file, line, field and text.</summary>
    public IReadOnlyList<DataFormatException> SkippedExamples => _examples;

    /// <summary>Bytes of the file consumed so far.</summary>
    public long BytesRead { get; internal set; }

    internal void AddSkipped(DataFormatException error)
    {
        RowsSkipped++;
        if (_examples.Count < MaxExamples) _examples.Add(error);
    }

    public override string ToString()
    {
        if (RowsSkipped == 0) return $"{RowsRead:N0} rows read";
        string first = string.Join("; ", _examples.Take(3).Select(e => e.Message));
        return $"{RowsRead:N0} rows read, {RowsSkipped:N0} malformed rows skipped (first: {first})";
    }
}
