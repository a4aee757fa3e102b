using System.Text;
using Sluice.Data.Columns;
using Sluice.Data.Schema;

namespace Sluice.Data.Reading;

/// <summary>
/// Streams an RFC 4180 CSV file (quotes, doubled quotes, newlines inside quotes, CRLF, UTF-8 BOM) into
/// <see cref="ColumnBatch"/>es, parsing UTF-8 bytes directly. A line without quotes takes a fast path (vectorised
/// searches for the newline and the delimiters); a line with a quote goes through a small state machine that may run
/// over several physical lines. Nothing is allocated per row.
/// </summary>
public sealed partial class CsvBatchReader : IBatchReader
{
    private readonly ByteWindow _window;
    private readonly DataSchema _schema;
    private readonly string _file;
    private readonly RowWriter _writer;
    private readonly MissingTokenSet _missingTokens;
    private readonly byte _delimiter;
    private readonly bool _trim;
    private readonly byte[]? _commentPrefix;

    // The current record's fields, as offsets into the span it was parsed from.
    private int[] _fieldStart = new int[64];
    private int[] _fieldEnd = new int[64];
    private bool[] _fieldEscaped = new bool[64];
    private int _fieldCount;
    private byte[] _unescaped = new byte[256];

    private int[] _columnOfField = [];   // field position -> schema column, -1 to ignore
    private int _expectedFields;
    private long _line;                  // physical lines consumed so far
    private bool _started;

    public CsvBatchReader(Stream stream, DataSchema schema, string fileName, bool ownsStream = false)
        : this(stream, schema, fileName, ownsStream, bufferSize: 1 << 20)
    {
    }

    /// <param name="bufferSize">The window's initial size (tests use tiny ones so refills land everywhere).</param>
    internal CsvBatchReader(Stream stream, DataSchema schema, string fileName, bool ownsStream, int bufferSize)
    {
        schema.Validate();
        _schema = schema.Clone();
        _file = fileName;
        _window = new ByteWindow(stream, ownsStream, bufferSize);
        _writer = new RowWriter(_schema, fileName);
        _missingTokens = new MissingTokenSet(_schema.Read.MissingTokens);
        _delimiter = (byte)_schema.Read.Delimiter;
        _trim = _schema.Read.TrimWhitespace;
        _commentPrefix = _schema.Read.CommentPrefix is { Length: > 0 } prefix ? Encoding.UTF8.GetBytes(prefix) : null;
        _stripSuffixes = _schema.Columns.ConvertAll(c => c.StripSuffix is { Length: > 0 } suffix ? Encoding.UTF8.GetBytes(suffix) : null).ToArray();
        _shortIntegersFirst = BitConverter.IsLittleEndian && !_missingTokens.HasIntegerLikeToken;
    }

    private readonly byte[]?[] _stripSuffixes;

    // The block path's integer shortcut would read a token such as "-1" or "0" as a number: with one, float columns
    // take the general parser, which checks the tokens first.
    private readonly bool _shortIntegersFirst;

    /// <summary>Opens <paramref name="path"/> for streaming.</summary>
    public static CsvBatchReader Open(string path, DataSchema schema) =>
        new(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan), schema, path, ownsStream: true);

    public DataSchema Schema => _schema;

    public ReadReport Report { get; } = new();

    /// <summary>false reads every record through the record-at-a-time path (the block path's naive twin, for tests).</summary>
    internal bool BlocksEnabled { get; init; } = true;

    public int ReadBatch(ColumnBatch batch)
    {
        batch.Reset();
        Fill(batch, batch.Capacity, grow: false);
        return batch.RowCount;
    }

    public void ReadToEnd(ColumnBatch batch) => Fill(batch, int.MaxValue, grow: true);

    private void Fill(ColumnBatch batch, int maxRows, bool grow)
    {
        if (!_started) Start();
        int row = batch.RowCount;
        while (row < maxRows)
        {
            if (_slowRecords == 0 && BlocksEnabled)
            {
                // Whole blocks of plain lines go column at a time; anything unusual falls through to one record below.
                int added = TryReadBlock(batch, row, Math.Min(maxRows - row, BlockRecords), grow);
                row += added;
                if (added > 0) continue;
            }
            else
            {
                _slowRecords--;
            }
            if (grow && row >= batch.Columns[0].Capacity)
            {
                foreach (var column in batch.Columns) column.EnsureCapacity(row + 1, row);
            }
            if (!NextRecord(out long recordLine)) break;
            if (TryWriteRow(batch, row, recordLine)) row++;
        }
        batch.RowCount = row;
        Report.BytesRead = _window.Consumed;
    }

    private void Start()
    {
        _started = true;
        for (int i = 0; i < _schema.Read.SkipLines; i++)
        {
            if (!SkipPhysicalLine()) break;
        }
        int columns = _schema.Columns.Count;
        if (!_schema.Read.Header)
        {
            _expectedFields = columns;
            _columnOfField = new int[columns];
            for (int i = 0; i < columns; i++) _columnOfField[i] = i;
            return;
        }
        if (!NextRecord(out long headerLine))
            throw new DataFormatException(_file, Math.Max(1, _line), 0, null, null, "the file is empty but the schema expects a header row");
        var span = _window.Available;
        _expectedFields = _fieldCount;
        _columnOfField = new int[_fieldCount];
        var names = new string[_fieldCount];
        for (int f = 0; f < _fieldCount; f++)
        {
            names[f] = Encoding.UTF8.GetString(Field(span, f));
            _columnOfField[f] = _schema.IndexOf(names[f]);
        }
        ConsumeRecord();
        for (int c = 0; c < columns; c++)
        {
            if (Array.IndexOf(_columnOfField, c) < 0)
            {
                throw new DataFormatException(_file, headerLine, 0, _schema.Columns[c].Name, null,
                    $"the header has no column '{_schema.Columns[c].Name}' (header: {string.Join(", ", names)})");
            }
        }
    }

    private int _recordLength;
    private int _recordNewlines;

    /// <summary>
    /// Parses the next data record at the start of the window into the field arrays (not yet consumed: the caller
    /// reads fields from <see cref="ByteWindow.Available"/> then calls <see cref="ConsumeRecord"/>). Skips comment and
    /// empty lines. Returns false at the end of the file.
    /// </summary>
    private bool NextRecord(out long recordLine)
    {
        while (true)
        {
            recordLine = _line + 1;
            var data = _window.Available;
            if (data.IsEmpty)
            {
                if (_window.EndOfStream || !_window.Fill()) return false;
                continue;
            }
            int newline = data.IndexOf((byte)'\n');
            if (newline < 0 && !_window.EndOfStream)
            {
                _window.Fill();
                continue;
            }
            int lineEnd = newline < 0 ? data.Length : newline;
            var line = data[..lineEnd];
            if (IsIgnorable(line))
            {
                Skip(newline < 0 ? data.Length : newline + 1, 1);
                continue;
            }
            if (line.IndexOf((byte)'"') < 0)
            {
                SplitSimpleLine(line);
                _recordLength = newline < 0 ? data.Length : newline + 1;
                _recordNewlines = 1;
                return true;
            }
            var status = ParseQuotedRecord(data, _window.EndOfStream, recordLine);
            if (status == RecordStatus.Complete) return true;
            if (status == RecordStatus.Malformed)
            {
                Reject(_recordError!);
                ConsumeRecord();
                continue;
            }
            if (data.Length >= MaxRecordBytes)
            {
                _fieldCount = 0;
                Reject(Fail(recordLine, 0, $"a record is longer than {MaxRecordBytes >> 20} MiB (an unclosed quote?)", Shorten(data)));
                int firstNewline = data.IndexOf((byte)'\n');
                _recordLength = firstNewline < 0 ? data.Length : firstNewline + 1;
                _recordNewlines = 1;
                ConsumeRecord();
                continue;
            }
            _window.Fill();   // the record runs past the bytes in memory: read more and parse it again
        }
    }

    private bool IsIgnorable(ReadOnlySpan<byte> line)
    {
        if (_schema.Read.SkipEmptyLines && (line.IsEmpty || line is [(byte)'\r'])) return true;
        return _commentPrefix is not null && line.StartsWith(_commentPrefix);
    }

    private void ConsumeRecord() => Skip(_recordLength, _recordNewlines);

    private void Skip(int bytes, int newlines)
    {
        _window.Advance(bytes);
        _line += newlines;
    }

    private bool SkipPhysicalLine()
    {
        while (true)
        {
            var data = _window.Available;
            int newline = data.IndexOf((byte)'\n');
            if (newline >= 0)
            {
                Skip(newline + 1, 1);
                return true;
            }
            if (_window.EndOfStream || !_window.Fill())
            {
                if (_window.Available.IsEmpty) return false;
                Skip(_window.Available.Length, 1);
                return true;
            }
        }
    }

    private void SplitSimpleLine(ReadOnlySpan<byte> line)
    {
        if (!line.IsEmpty && line[^1] == '\r') line = line[..^1];
        int count = 0, position = 0;
        while (true)
        {
            int delimiter = line[position..].IndexOf(_delimiter);
            int end = delimiter < 0 ? line.Length : position + delimiter;
            AddField(ref count, line, position, end, escaped: false, trim: _trim);
            if (delimiter < 0) break;
            position = end + 1;
        }
        _fieldCount = count;
    }

    private void AddField(ref int count, ReadOnlySpan<byte> data, int start, int end, bool escaped, bool trim)
    {
        if (trim)
        {
            while (start < end && data[start] is (byte)' ' or (byte)'\t') start++;
            while (end > start && data[end - 1] is (byte)' ' or (byte)'\t') end--;
        }
        if (count == _fieldStart.Length)
        {
            Array.Resize(ref _fieldStart, count * 2);
            Array.Resize(ref _fieldEnd, count * 2);
            Array.Resize(ref _fieldEscaped, count * 2);
        }
        _fieldStart[count] = start;
        _fieldEnd[count] = end;
        _fieldEscaped[count] = escaped;
        count++;
    }

    private enum RecordStatus { Complete, NeedMoreData, Malformed }

    /// <summary>A quoted field may span lines, but not without limit: beyond this an unclosed quote is reported.</summary>
    internal const int MaxRecordBytes = 64 << 20;

    private DataFormatException? _recordError;

    /// <summary>The RFC 4180 state machine for a record that contains a quote somewhere on its first line.</summary>
    private RecordStatus ParseQuotedRecord(ReadOnlySpan<byte> data, bool final, long recordLine)
    {
        int count = 0, position = 0, newlines = 0;
        while (true)
        {
            int fieldStart = position;
            int p = position;
            if (_trim)
            {
                while (p < data.Length && data[p] is (byte)' ' or (byte)'\t') p++;
            }
            if (p < data.Length && data[p] == '"')
            {
                int contentStart = p + 1;
                bool escaped = false;
                int q = contentStart;
                while (true)
                {
                    int quote = data[q..].IndexOf((byte)'"');
                    if (quote < 0)
                    {
                        if (!final) return RecordStatus.NeedMoreData;
                        _fieldCount = count;
                        _recordError = Fail(recordLine, count + 1, "unclosed quote: the file ends inside a quoted field", Shorten(data[contentStart..]));
                        return Malformed(data.Length, newlines + data[q..].Count((byte)'\n') + 1);
                    }
                    newlines += data.Slice(q, quote).Count((byte)'\n');
                    q += quote + 1;
                    if (q < data.Length && data[q] == '"')
                    {
                        escaped = true;
                        q++;
                        continue;
                    }
                    if (q >= data.Length && !final) return RecordStatus.NeedMoreData;
                    break;
                }
                int contentEnd = q - 1;
                while (q < data.Length && data[q] is (byte)' ' or (byte)'\t') q++;
                if (q < data.Length && data[q] == '\r' && (q + 1 == data.Length || data[q + 1] == '\n')) q++;
                AddField(ref count, data, contentStart, contentEnd, escaped, trim: false);
                if (q >= data.Length)
                {
                    if (!final) return RecordStatus.NeedMoreData;
                    return Complete(count, data.Length, newlines + 1);
                }
                if (data[q] == '\n') return Complete(count, q + 1, newlines + 1);
                if (data[q] == _delimiter)
                {
                    position = q + 1;
                    continue;
                }
                _fieldCount = count;
                _recordError = Fail(recordLine, count, "unexpected text after a closing quote (a quote inside a quoted field must be doubled)", Shorten(data[fieldStart..Math.Min(data.Length, q + 1)]));
                // Resynchronise at the end of the physical line where the bad text is.
                int lineEnd = data[q..].IndexOf((byte)'\n');
                return Malformed(lineEnd < 0 ? data.Length : q + lineEnd + 1, newlines + 1);
            }
            int stop = data[position..].IndexOfAny(_delimiter, (byte)'\n');
            if (stop < 0)
            {
                if (!final) return RecordStatus.NeedMoreData;
                int end = data.Length;
                if (end > position && data[end - 1] == '\r') end--;
                AddField(ref count, data, position, end, escaped: false, trim: _trim);
                return Complete(count, data.Length, newlines + 1);
            }
            int fieldEnd = position + stop;
            if (data[fieldEnd] == '\n')
            {
                int end = fieldEnd > position && data[fieldEnd - 1] == '\r' ? fieldEnd - 1 : fieldEnd;
                AddField(ref count, data, position, end, escaped: false, trim: _trim);
                return Complete(count, fieldEnd + 1, newlines + 1);
            }
            AddField(ref count, data, position, fieldEnd, escaped: false, trim: _trim);
            position = fieldEnd + 1;
        }
    }

    private RecordStatus Malformed(int length, int newlines)
    {
        _recordLength = length;
        _recordNewlines = newlines;
        return RecordStatus.Malformed;
    }

    private RecordStatus Complete(int count, int length, int newlines)
    {
        _fieldCount = count;
        _recordLength = length;
        _recordNewlines = newlines;
        return RecordStatus.Complete;
    }

    /// <summary>Field <paramref name="f"/> of the current record, with doubled quotes undone.</summary>
    private ReadOnlySpan<byte> Field(ReadOnlySpan<byte> data, int f)
    {
        var raw = data[_fieldStart[f].._fieldEnd[f]];
        if (!_fieldEscaped[f]) return raw;
        if (_unescaped.Length < raw.Length) _unescaped = new byte[Math.Max(raw.Length, _unescaped.Length * 2)];
        int n = 0;
        for (int i = 0; i < raw.Length; i++)
        {
            _unescaped[n++] = raw[i];
            if (raw[i] == '"') i++;   // "" inside quotes stands for one quote
        }
        return _unescaped.AsSpan(0, n);
    }

    /// <summary>
    /// Reads the next record as raw strings (no header handling, no types): used by schema inference to look at a
    /// file before its schema is known. Returns false at the end of the file.
    /// </summary>
    internal bool TryReadRawRecord(List<string> fields, out long line)
    {
        if (!_started)
        {
            _started = true;
            for (int i = 0; i < _schema.Read.SkipLines; i++)
            {
                if (!SkipPhysicalLine()) break;
            }
        }
        fields.Clear();
        if (!NextRecord(out line)) return false;
        var data = _window.Available;
        for (int f = 0; f < _fieldCount; f++) fields.Add(Encoding.UTF8.GetString(Field(data, f)));
        ConsumeRecord();
        return true;
    }

    private bool TryWriteRow(ColumnBatch batch, int row, long recordLine)
    {
        var data = _window.Available;
        try
        {
            if (_fieldCount != _expectedFields)
            {
                string line = Shorten(data[.._recordLength].TrimEnd("\r\n"u8));
                return Reject(Fail(recordLine, 0, $"expected {_expectedFields} fields, found {_fieldCount}", line));
            }
            _writer.Begin(batch, row);
            int fields = _fieldCount;
            for (int f = 0; f < fields; f++)
            {
                int column = _columnOfField[f];
                if (column < 0) continue;
                var cell = Field(data, f);
                string? problem = _writer.SetCell(column, cell);
                if (problem is not null) return Reject(Fail(recordLine, f + 1, problem, Shorten(cell)));
            }
            _writer.Commit();
            Report.RowsRead++;
            return true;
        }
        finally
        {
            ConsumeRecord();
        }
    }

    private bool Reject(DataFormatException error)
    {
        if (_schema.Read.OnError == ErrorPolicy.Fail) throw error;
        Report.AddSkipped(error);
        return false;
    }

    private DataFormatException Fail(long line, int field, string problem, string? text)
    {
        string? column = field > 0 && field <= _columnOfField.Length && _columnOfField[field - 1] >= 0
            ? _schema.Columns[_columnOfField[field - 1]].Name
            : null;
        return new DataFormatException(_file, line, field, column, text, problem);
    }

    internal static string Shorten(ReadOnlySpan<byte> bytes)
    {
        var shown = bytes.Length > 80 ? bytes[..80] : bytes;
        // Invalid UTF-8 is shown with U+FFFD so the message stays printable.
        string text = Encoding.UTF8.GetString(shown);
        return bytes.Length > 80 ? text + "…" : text;
    }

    public void Dispose() => _window.Dispose();
}
