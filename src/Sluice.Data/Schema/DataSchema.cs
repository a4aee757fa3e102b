using Sluice.Data.Columns;

namespace Sluice.Data.Schema;

/// <summary>
/// The ordered columns of a data set plus the options that turn a file's bytes into rows. Serialisable to JSON and
/// YAML with camelCase keys (see <see cref="SchemaSerializer"/>), so a training config can embed it.
/// </summary>
public sealed class DataSchema
{
    /// <summary>The columns in file order (without a header) or the columns to keep (with a header).</summary>
    public List<ColumnSchema> Columns { get; set; } = [];

    /// <summary>How to read the file.</summary>
    public ReadOptions Read { get; set; } = new();

    /// <summary>The label column, if the data set has one (informational for the reader; estimators use it).</summary>
    public string? Label { get; set; }

    /// <summary>Index of the column named <paramref name="name"/>, or -1.</summary>
    public int IndexOf(string name)
    {
        for (int i = 0; i < Columns.Count; i++)
        {
            if (string.Equals(Columns[i].Name, name, StringComparison.Ordinal)) return i;
        }
        return -1;
    }

    /// <summary>A new empty batch with one column per schema column, able to hold <paramref name="capacity"/> rows.</summary>
    public ColumnBatch CreateBatch(int capacity)
    {
        var columns = new Column[Columns.Count];
        for (int i = 0; i < columns.Length; i++)
        {
            var spec = Columns[i];
            columns[i] = spec.Kind switch
            {
                ColumnKind.Float32 => new FloatColumn(spec.Name, capacity),
                ColumnKind.Int64 => new Int64Column(spec.Name, capacity),
                _ => new StringColumn(spec.Name, capacity),
            };
        }
        return new ColumnBatch(columns);
    }

    /// <summary>Checks names, kinds and options; throws <see cref="DataSchemaException"/> naming the JSON path.</summary>
    public void Validate()
    {
        if (Columns is null || Columns.Count == 0) throw new DataSchemaException("columns", "a schema needs at least one column");
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < Columns.Count; i++)
        {
            var column = Columns[i];
            if (column is null) throw new DataSchemaException($"columns[{i}]", "is empty");
            if (string.IsNullOrWhiteSpace(column.Name)) throw new DataSchemaException($"columns[{i}].name", "is required");
            if (!seen.Add(column.Name)) throw new DataSchemaException($"columns[{i}].name", $"'{column.Name}' appears twice");
            if (!Enum.IsDefined(column.Kind)) throw new DataSchemaException($"columns[{i}].kind", $"'{column.Kind}' is not float32, int64 or string");
            if (column.StripSuffix is { Length: > 0 } && column.Kind != ColumnKind.String)
                throw new DataSchemaException($"columns[{i}].stripSuffix", "applies to string columns only");
        }
        if (Label is not null && IndexOf(Label) < 0) throw new DataSchemaException("label", $"'{Label}' is not one of the columns");
        if (Read is null) throw new DataSchemaException("read", "is empty");
        if (Read.Delimiter is '"' or '\n' or '\r' || Read.Delimiter > 127)
            throw new DataSchemaException("read.delimiter", $"'{Read.Delimiter}' cannot separate fields (use one ASCII character other than a quote or newline)");
        if (Read.SkipLines < 0) throw new DataSchemaException("read.skipLines", "must be zero or more");
        if (Read.MissingTokens is null) throw new DataSchemaException("read.missingTokens", "must be a list (it may be empty)");
    }

    /// <summary>A deep copy (schemas are mutable for binding; readers keep their own copy).</summary>
    public DataSchema Clone() => new()
    {
        Columns = Columns.ConvertAll(c => new ColumnSchema(c.Name, c.Kind) { StripSuffix = c.StripSuffix, Vocabulary = c.Vocabulary is null ? null : [.. c.Vocabulary] }),
        Read = Read.Clone(),
        Label = Label,
    };
}
