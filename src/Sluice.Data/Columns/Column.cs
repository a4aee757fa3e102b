namespace Sluice.Data.Columns;

/// <summary>
/// One column of a <see cref="ColumnBatch"/>: a typed buffer with room for <see cref="Capacity"/> rows and a
/// missing mask. Buffers are reused batch after batch, so the hot path allocates nothing per row.
/// </summary>
public abstract class Column
{
    private bool[] _missing;

    protected Column(string name, int capacity)
    {
        Name = name;
        _missing = new bool[capacity];
    }

    /// <summary>The column (feature) name.</summary>
    public string Name { get; }

    /// <summary>The storage kind.</summary>
    public abstract ColumnKind Kind { get; }

    /// <summary>How many rows the buffers hold without growing.</summary>
    public int Capacity => _missing.Length;

    /// <summary>true where the cell was absent or matched a missing-value token.</summary>
    public Span<bool> Missing => _missing;

    /// <summary>The backing array of <see cref="Missing"/> (valid until the column grows).</summary>
    internal bool[] MissingBuffer => _missing;

    /// <summary>Grows the buffers (keeping the first <paramref name="rowsToKeep"/> rows) to hold at least <paramref name="capacity"/> rows.</summary>
    public void EnsureCapacity(int capacity, int rowsToKeep)
    {
        if (capacity <= Capacity) return;
        int newCapacity = Math.Max(capacity, Capacity * 2);
        Array.Resize(ref _missing, newCapacity);
        GrowValues(newCapacity, rowsToKeep);
    }

    /// <summary>Clears the missing mask of the first <paramref name="rows"/> rows and any string data.</summary>
    public virtual void Reset(int rows) => Array.Clear(_missing, 0, Math.Min(rows, _missing.Length));

    protected abstract void GrowValues(int newCapacity, int rowsToKeep);
}
