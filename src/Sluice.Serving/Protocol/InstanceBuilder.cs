using System.Globalization;
using System.Text;
using Sluice.Data.Columns;
using Sluice.Serving.Servables;

namespace Sluice.Serving.Protocol;

/// <summary>
/// Builds a <see cref="ColumnBatch"/> from JSON values, validating each against the signature: type, finiteness,
/// required features. Row by row (instances, examples) or column by column (inputs).
/// </summary>
internal sealed class InstanceBuilder
{
    private readonly ServingSignature _signature;
    private readonly int _maxInstances;
    private readonly Column[] _columns;
    private readonly bool[] _seen;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _indexByName;
    private readonly char[] _nameBuffer = new char[128];

    public InstanceBuilder(ServingSignature signature, int maxInstances, int expectedRows = 4)
    {
        _signature = signature;
        _maxInstances = maxInstances;
        var inputs = signature.Inputs;
        _columns = new Column[inputs.Count];
        for (int i = 0; i < inputs.Count; i++)
        {
            _columns[i] = inputs[i].Kind switch
            {
                ColumnKind.Float32 => new FloatColumn(inputs[i].Name, expectedRows),
                ColumnKind.Int64 => new Int64Column(inputs[i].Name, expectedRows),
                _ => new StringColumn(inputs[i].Name, expectedRows),
            };
        }
        _indexByName = signature.NameLookup;
        _seen = new bool[inputs.Count];
    }

    public int Rows { get; private set; }

    public int InputCount => _columns.Length;

    /// <summary>When true, features the signature does not know are skipped instead of refused.</summary>
    public bool IgnoreUnknownFeatures { get; init; }

    /// <summary>Whether input <paramref name="index"/> was given in the current row.</summary>
    public bool WasSeen(int index) => _seen[index];

    public ColumnBatch ToBatch() => new(_columns) { RowCount = Rows };

    /// <summary>The signature input index of a UTF-8 property name, or -1.</summary>
    public int IndexOf(ReadOnlySpan<char> name) => _indexByName.TryGetValue(name, out int index) ? index : -1;

    public char[] NameBuffer => _nameBuffer;

    public string InputNames => string.Join(", ", _signature.Inputs.Select(i => i.Name));

    public ServingInput Input(int index) => _signature.Inputs[index];

    /// <summary>Starts row <see cref="Rows"/>; 413 past the per-request limit.</summary>
    public void BeginRow()
    {
        if (Rows >= _maxInstances)
            throw ServingException.TooLarge($"The request has more than {_maxInstances} instances; send at most {_maxInstances} per request.");
        Array.Clear(_seen);
    }

    /// <summary>Marks input <paramref name="index"/> as given in the current row; false if it was given already.</summary>
    public bool MarkSeen(int index)
    {
        if (_seen[index]) return false;
        _seen[index] = true;
        return true;
    }

    /// <summary>Fills the inputs the row did not give (default or missing; 400 for a required one) and closes the row.</summary>
    public void EndRow(ValuePath rowPath)
    {
        for (int i = 0; i < _columns.Length; i++)
        {
            if (!_seen[i]) FillAbsent(i, Rows, rowPath);
        }
        Rows++;
    }

    /// <summary>Fills input <paramref name="index"/> of <paramref name="row"/> as absent: its default, else missing, or 400 when required.</summary>
    public void FillAbsent(int index, int row, ValuePath rowPath)
    {
        var input = _signature.Inputs[index];
        if (input.Required && input.DefaultValue is null)
            throw ServingException.BadRequest($"{rowPath}: missing feature '{input.Name}' (required by the signature).");
        if (input.DefaultValue is { } text) SetText(index, row, text);
        else SetMissing(index, row);
    }

    public void SetMissing(int index, int row)
    {
        var column = _columns[index];
        column.EnsureCapacity(row + 1, row);
        if (column is StringColumn strings) strings.Append(ReadOnlySpan<byte>.Empty);
        column.Missing[row] = true;
    }

    public void SetNumber(int index, int row, double value, ValuePath path)
    {
        var column = _columns[index];
        column.EnsureCapacity(row + 1, row);
        switch (column)
        {
            case FloatColumn floats:
                float single = (float)value;
                if (!float.IsFinite(single))
                    throw ServingException.BadRequest($"{path}: {value.ToString(CultureInfo.InvariantCulture)} is not a finite 32-bit float.");
                floats.Values[row] = single;
                break;
            case Int64Column longs:
                if (value != Math.Floor(value) || value < long.MinValue || value > long.MaxValue)
                    throw ServingException.BadRequest($"{path}: expected an integer, got {value.ToString(CultureInfo.InvariantCulture)}.");
                longs.Values[row] = (long)value;
                break;
            default:
                throw ServingException.BadRequest($"{path}: expected a string, got a number.");
        }
        column.Missing[row] = false;
    }

    public void SetInt64(int index, int row, long value)
    {
        var column = _columns[index];
        column.EnsureCapacity(row + 1, row);
        if (column is FloatColumn floats) floats.Values[row] = value;
        else ((Int64Column)column).Values[row] = value;
        column.Missing[row] = false;
    }

    public bool IsString(int index) => _columns[index] is StringColumn;

    public void SetUtf8(int index, int row, ReadOnlySpan<byte> utf8)
    {
        var column = (StringColumn)_columns[index];
        column.Append(utf8);
        column.Missing[row] = false;
    }

    private void SetText(int index, int row, string text)
    {
        switch (_columns[index])
        {
            case FloatColumn: SetNumber(index, row, double.Parse(text, CultureInfo.InvariantCulture), new ValuePath("default")); break;
            case Int64Column: SetInt64(index, row, long.Parse(text, CultureInfo.InvariantCulture)); break;
            default: SetUtf8(index, row, Encoding.UTF8.GetBytes(text)); break;
        }
    }

    /// <summary>Sets the row count after column-by-column filling.</summary>
    public void SetRows(int rows) => Rows = rows;

    public int MaxInstances => _maxInstances;
}
