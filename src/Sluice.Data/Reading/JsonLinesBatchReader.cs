using System.Text;
using System.Text.Json;
using Sluice.Data.Columns;
using Sluice.Data.Schema;

namespace Sluice.Data.Reading;

/// <summary>
/// Streams a JSON Lines file (one object per line, keys naming the schema columns) into <see cref="ColumnBatch"/>es
/// with the same schema, missing tokens and error policy as CSV. Absent keys and <c>null</c> are missing; unknown
/// keys are ignored; numbers may be JSON numbers or strings holding numbers.
/// </summary>
public sealed class JsonLinesBatchReader : IBatchReader
{
    private readonly ByteWindow _window;
    private readonly DataSchema _schema;
    private readonly string _file;
    private readonly RowWriter _writer;
    private readonly byte[][] _names;
    private byte[] _unescaped = new byte[256];
    private long _line;

    public JsonLinesBatchReader(Stream stream, DataSchema schema, string fileName, bool ownsStream = false)
    {
        schema.Validate();
        _schema = schema.Clone();
        _file = fileName;
        _window = new ByteWindow(stream, ownsStream);
        _writer = new RowWriter(_schema, fileName);
        _names = _schema.Columns.ConvertAll(c => Encoding.UTF8.GetBytes(c.Name)).ToArray();
    }

    public static JsonLinesBatchReader Open(string path, DataSchema schema) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan), schema, path, ownsStream: true);

    public DataSchema Schema => _schema;

    public ReadReport Report { get; } = new();

    public int ReadBatch(ColumnBatch batch)
    {
        batch.Reset();
        Fill(batch, batch.Capacity, grow: false);
        return batch.RowCount;
    }

    public void ReadToEnd(ColumnBatch batch) => Fill(batch, int.MaxValue, grow: true);

    private void Fill(ColumnBatch batch, int maxRows, bool grow)
    {
        int row = batch.RowCount;
        while (row < maxRows)
        {
            if (grow && row >= batch.Columns[0].Capacity)
            {
                foreach (var column in batch.Columns) column.EnsureCapacity(row + 1, row);
            }
            var data = _window.Available;
            int newline = data.IndexOf((byte)'\n');
            if (newline < 0 && !_window.EndOfStream)
            {
                _window.Fill();
                continue;
            }
            if (newline < 0 && data.IsEmpty) break;
            int length = newline < 0 ? data.Length : newline + 1;
            var line = data[..(newline < 0 ? data.Length : newline)].TrimEnd((byte)'\r');
            _line++;
            if (!line.Trim(" \t"u8).IsEmpty && TryWriteRow(batch, row, line)) row++;
            _window.Advance(length);
        }
        batch.RowCount = row;
        Report.BytesRead = _window.Consumed;
    }

    private bool TryWriteRow(ColumnBatch batch, int row, ReadOnlySpan<byte> line)
    {
        _writer.Begin(batch, row);
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        int expected = 0;   // keys usually come in schema order: try the next column first
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
                return Reject(new DataFormatException(_file, _line, 0, null, CsvBatchReader.Shorten(line), "expected a JSON object"));
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                int column = FindColumn(ref reader, expected);
                reader.Read();
                if (column < 0)
                {
                    reader.Skip();
                    continue;
                }
                expected = column + 1;
                string? problem = SetValue(ref reader, column);
                if (problem is not null)
                {
                    string text = CsvBatchReader.Shorten(line[(int)reader.TokenStartIndex..]);
                    return Reject(new DataFormatException(_file, _line, column + 1, _schema.Columns[column].Name, text, problem));
                }
            }
            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
                return Reject(new DataFormatException(_file, _line, 0, null, CsvBatchReader.Shorten(line), "text after the end of the JSON object"));
        }
        catch (JsonException e)
        {
            string problem = e.Message;
            int cut = problem.IndexOf(" LineNumber", StringComparison.Ordinal);
            if (cut > 0) problem = problem[..cut].TrimEnd(' ', '.');
            return Reject(new DataFormatException(_file, _line, 0, null, CsvBatchReader.Shorten(line), $"invalid JSON: {problem}"));
        }
        _writer.Commit();
        Report.RowsRead++;
        return true;
    }

    private int FindColumn(ref Utf8JsonReader reader, int expected)
    {
        if (expected < _names.Length && reader.ValueTextEquals(_names[expected])) return expected;
        for (int c = 0; c < _names.Length; c++)
        {
            if (reader.ValueTextEquals(_names[c])) return c;
        }
        return -1;
    }

    private string? SetValue(ref Utf8JsonReader reader, int column)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.Null:
                _writer.SetMissing(column);
                return null;
            case JsonTokenType.String:
                return _writer.SetCell(column, Unescape(ref reader));
            case JsonTokenType.Number:
                return _writer.SetCell(column, reader.ValueSpan);   // the exact digits, parsed like a CSV cell
            case JsonTokenType.True or JsonTokenType.False:
                return _writer.KindOf(column) == ColumnKind.String
                    ? _writer.SetCell(column, reader.TokenType == JsonTokenType.True ? "true"u8 : "false"u8)
                    : _writer.SetCell(column, reader.TokenType == JsonTokenType.True ? "1"u8 : "0"u8);
            default:
                reader.Skip();
                return "expected a string, number, boolean or null (found an array or object)";
        }
    }

    private ReadOnlySpan<byte> Unescape(ref Utf8JsonReader reader)
    {
        if (!reader.ValueIsEscaped) return reader.ValueSpan;
        if (_unescaped.Length < reader.ValueSpan.Length) _unescaped = new byte[reader.ValueSpan.Length * 2];
        int n = reader.CopyString(_unescaped);
        return _unescaped.AsSpan(0, n);
    }

    private bool Reject(DataFormatException error)
    {
        if (_schema.Read.OnError == ErrorPolicy.Fail) throw error;
        Report.AddSkipped(error);
        return false;
    }

    public void Dispose() => _window.Dispose();
}
