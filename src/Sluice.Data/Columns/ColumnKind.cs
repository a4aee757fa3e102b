namespace Sluice.Data.Columns;

/// <summary>The storage kind of a column in a <see cref="ColumnBatch"/>.</summary>
public enum ColumnKind
{
    /// <summary>32-bit floats; a missing cell is flagged in the column's missing mask.</summary>
    Float32,

    /// <summary>64-bit integers (ids, counts).</summary>
    Int64,

    /// <summary>UTF-8 strings stored back to back in one byte buffer with offsets.</summary>
    String,
}
