using System.Text;
using System.Text.Unicode;
using Sluice.Data.Columns;
using Sluice.Data.Schema;
using Sluice.Data.Text;

namespace Sluice.Data.Reading;

/// <summary>
/// Turns one record's cells (UTF-8 bytes) into a row of a <see cref="ColumnBatch"/>: missing tokens, number parsing,
/// UTF-8 validation and suffix stripping. A row is staged first and committed only when every cell is valid, so a
/// malformed row never leaves half its values in the batch. Shared by the CSV and JSON Lines readers.
/// </summary>
internal sealed class RowWriter
{
    private readonly DataSchema _schema;
    private readonly string _file;
    private readonly byte[][] _missingTokens;
    private readonly byte[]?[] _stripSuffix;
    private readonly ColumnKind[] _kinds;
    private readonly bool[] _seen;

    // Staged string cells: each column's bytes are copied into one scratch arena, so the caller's span may go away.
    private byte[] _stringArena = new byte[4096];
    private readonly int[] _stringStart;
    private readonly int[] _stringLength;
    private int _arenaUsed;

    private ColumnBatch _batch = null!;
    private int _row;

    public RowWriter(DataSchema schema, string file)
    {
        _schema = schema;
        _file = file;
        _missingTokens = schema.Read.MissingTokens.ConvertAll(t => Encoding.UTF8.GetBytes(t)).ToArray();
        int n = schema.Columns.Count;
        _kinds = new ColumnKind[n];
        _stripSuffix = new byte[]?[n];
        for (int i = 0; i < n; i++)
        {
            _kinds[i] = schema.Columns[i].Kind;
            if (schema.Columns[i].StripSuffix is { Length: > 0 } suffix) _stripSuffix[i] = Encoding.UTF8.GetBytes(suffix);
        }
        _seen = new bool[n];
        _stringStart = new int[n];
        _stringLength = new int[n];
    }

    /// <summary>Starts staging row <paramref name="row"/> of <paramref name="batch"/>.</summary>
    public void Begin(ColumnBatch batch, int row)
    {
        _batch = batch;
        _row = row;
        _arenaUsed = 0;
        Array.Clear(_seen);
    }

    public bool IsMissingToken(ReadOnlySpan<byte> cell)
    {
        foreach (byte[] token in _missingTokens)
        {
            if (cell.SequenceEqual(token)) return true;
        }
        return false;
    }

    /// <summary>Stages a cell; returns null when it is valid, else the problem (the caller adds the location).</summary>
    public string? SetCell(int column, ReadOnlySpan<byte> cell)
    {
        _seen[column] = true;
        var target = _batch.Columns[column];
        if (IsMissingToken(cell))
        {
            target.Missing[_row] = true;
            SetZero(column);
            return null;
        }
        target.Missing[_row] = false;
        switch (_kinds[column])
        {
            case ColumnKind.Float32:
                if (!Utf8Number.TryParseFloat(cell, out float f)) return "not a number (float32 column)";
                ((FloatColumn)target).Values[_row] = f;
                return null;
            case ColumnKind.Int64:
                if (!Utf8Number.TryParseInt64(cell, out long l)) return "not an integer (int64 column)";
                ((Int64Column)target).Values[_row] = l;
                return null;
            default:
                if (!Utf8.IsValid(cell)) return "invalid UTF-8";
                if (_stripSuffix[column] is { } suffix && cell.EndsWith(suffix)) cell = cell[..^suffix.Length];
                Stage(column, cell);
                return null;
        }
    }

    /// <summary>Stages a missing cell (JSON null or an absent key).</summary>
    public void SetMissing(int column)
    {
        _seen[column] = true;
        _batch.Columns[column].Missing[_row] = true;
        SetZero(column);
    }

    /// <summary>Stages a number that was already parsed (JSON numbers).</summary>
    public void SetNumber(int column, double value)
    {
        _seen[column] = true;
        var target = _batch.Columns[column];
        target.Missing[_row] = false;
        if (target is FloatColumn floats) floats.Values[_row] = (float)value;
        else ((Int64Column)target).Values[_row] = (long)value;
    }

    public ColumnKind KindOf(int column) => _kinds[column];

    /// <summary>Columns never set in this row become missing; then string cells are appended and the row counts.</summary>
    public void Commit()
    {
        for (int c = 0; c < _kinds.Length; c++)
        {
            if (!_seen[c]) SetMissing(c);
            if (_kinds[c] == ColumnKind.String)
                ((StringColumn)_batch.Columns[c]).Append(_stringArena.AsSpan(_stringStart[c], _stringLength[c]));
        }
        _batch.RowCount = _row + 1;
    }

    private void SetZero(int column)
    {
        switch (_batch.Columns[column])
        {
            case FloatColumn floats: floats.Values[_row] = 0f; break;
            case Int64Column longs: longs.Values[_row] = 0; break;
            default: Stage(column, []); break;
        }
    }

    private void Stage(int column, ReadOnlySpan<byte> bytes)
    {
        if (_arenaUsed + bytes.Length > _stringArena.Length)
            Array.Resize(ref _stringArena, Math.Max(_stringArena.Length * 2, _arenaUsed + bytes.Length));
        bytes.CopyTo(_stringArena.AsSpan(_arenaUsed));
        _stringStart[column] = _arenaUsed;
        _stringLength[column] = bytes.Length;
        _arenaUsed += bytes.Length;
    }

    public string File => _file;

    public DataSchema Schema => _schema;
}
