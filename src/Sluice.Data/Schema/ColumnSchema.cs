using Sluice.Data.Columns;

namespace Sluice.Data.Schema;

/// <summary>
/// One column of a <see cref="DataSchema"/>: its name, storage kind and optional normalisation. Mutable with a
/// parameterless constructor so that JSON and YAML (including a training config that embeds a schema) bind to it.
/// </summary>
public sealed class ColumnSchema
{
    public ColumnSchema() { }

    public ColumnSchema(string name, ColumnKind kind)
    {
        Name = name;
        Kind = kind;
    }

    /// <summary>The column (feature) name; with a header row it must match the header cell.</summary>
    public string Name { get; set; } = "";

    /// <summary>How the cells are parsed and stored: float32, int64 or string.</summary>
    public ColumnKind Kind { get; set; } = ColumnKind.String;

    /// <summary>
    /// A suffix removed from every value of this (string) column, e.g. <c>"."</c> for the census test labels
    /// <c>&gt;50K.</c>. Removed once, after trimming.
    /// </summary>
    public string? StripSuffix { get; set; }

    /// <summary>The distinct values seen when the schema was inferred (categorical string columns), most frequent first.</summary>
    public List<string>? Vocabulary { get; set; }

    public override string ToString() => $"{Name}:{Kind}";
}
