namespace Sluice.Data.Columns;

/// <summary>A column of 64-bit integers.</summary>
public sealed class Int64Column(string name, int capacity) : Column(name, capacity)
{
    private long[] _values = new long[capacity];

    public override ColumnKind Kind => ColumnKind.Int64;

    /// <summary>The values, one per row.</summary>
    public Span<long> Values => _values;

    /// <summary>The backing array (for the reader's column-at-a-time fast path; valid until the column grows).</summary>
    internal long[] Buffer => _values;

    protected override void GrowValues(int newCapacity, int rowsToKeep) => Array.Resize(ref _values, newCapacity);
}
