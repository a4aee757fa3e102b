using System.Globalization;
using System.Text.Json;
using Sluice.Data.Columns;
using Sluice.Estimators.Export;

namespace Sluice.Jobs.Prediction;

/// <summary>
/// Checks one input row against the signature and appends it to the input batch, or says why it cannot be used.
/// A row is a map of feature name to raw value (JSON value, or CSV text). Unknown features are ignored (a label
/// column in the data is fine); a missing optional feature is marked missing so the model uses its default.
/// </summary>
internal sealed class InstanceRows(ModelSignature signature)
{
    /// <summary>Why the row cannot be used, or null when it is valid.</summary>
    public string? Validate(IReadOnlyDictionary<string, Cell> row)
    {
        foreach (var input in signature.Inputs)
        {
            if (!row.TryGetValue(input.Name, out var cell) || cell.IsMissing)
            {
                if (input.Required && input.DefaultValue is null) return $"missing required feature '{input.Name}'";
                continue;
            }
            if (input.Kind == ColumnKind.Float32 && cell.AsDouble() is null) return $"feature '{input.Name}': expected a number, got {cell}";
            if (input.Kind == ColumnKind.Int64 && cell.AsLong() is null) return $"feature '{input.Name}': expected an integer, got {cell}";
        }
        return null;
    }

    /// <summary>Appends a validated row as row <c>batch.RowCount</c>.</summary>
    public void Append(ColumnBatch batch, IReadOnlyDictionary<string, Cell> row)
    {
        int r = batch.RowCount;
        foreach (var input in signature.Inputs)
        {
            var column = batch[input.Name];
            bool missing = !row.TryGetValue(input.Name, out var cell) || cell.IsMissing;
            column.Missing[r] = missing;
            switch (column)
            {
                case FloatColumn f: f.Values[r] = missing ? 0 : (float)cell.AsDouble()!.Value; break;
                case Int64Column l: l.Values[r] = missing ? 0 : cell.AsLong()!.Value; break;
                case StringColumn s: s.Append(missing ? "" : cell.AsString()); break;
            }
        }
        batch.RowCount = r + 1;
    }
}

/// <summary>A raw cell: a JSON value or CSV text.</summary>
internal readonly record struct Cell(JsonElement? Json, string? Text)
{
    public bool IsMissing => Json is { ValueKind: JsonValueKind.Null } || (Json is null && string.IsNullOrEmpty(Text));

    public double? AsDouble() => Json is { } j
        ? j.ValueKind == JsonValueKind.Number ? j.GetDouble() : j.ValueKind == JsonValueKind.String ? Parse(j.GetString()) : null
        : Parse(Text);

    public long? AsLong() => AsDouble() is { } d && d == Math.Floor(d) && Math.Abs(d) < 9e15 ? (long)d : null;

    public string AsString() => Json is { } j ? j.ValueKind == JsonValueKind.String ? j.GetString()! : j.GetRawText() : Text ?? "";

    public override string ToString() => Json is { } j ? j.GetRawText() : $"\"{Text}\"";

    private static double? Parse(string? text) => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) && double.IsFinite(d) ? d : null;
}
