namespace Sluice.Data.Columns;

/// <summary>A column of 32-bit floats.</summary>
public sealed class FloatColumn(string name, int capacity) : Column(name, capacity)
{
    private float[] _values = new float[capacity];

    public override ColumnKind Kind => ColumnKind.Float32;

    /// <summary>The values, one per row (missing cells hold 0 unless a default was applied).</summary>
    public Span<float> Values => _values;

    /// <summary>The backing array (for the reader's column-at-a-time fast path; valid until the column grows).</summary>
    internal float[] Buffer => _values;

    protected override void GrowValues(int newCapacity, int rowsToKeep) => Array.Resize(ref _values, newCapacity);
}
