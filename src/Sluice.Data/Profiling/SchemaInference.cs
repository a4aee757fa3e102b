using System.Text;
using System.Text.Json;
using Sluice.Data.Columns;
using Sluice.Data.Reading;
using Sluice.Data.Schema;
using Sluice.Data.Text;

namespace Sluice.Data.Profiling;

/// <summary>
/// Guesses a schema from the first rows of a file: the number of fields (the most common count), whether the first
/// row is a header (all of its cells are text while some column below is numeric), and per column int64, float32 or
/// string, with the vocabulary of string columns (most frequent first).
/// </summary>
public static class SchemaInference
{
    /// <summary>String columns with more distinct values than this get no vocabulary (hash them instead).</summary>
    public const int MaxVocabulary = 1000;

    /// <param name="path">CSV or JSON Lines file.</param>
    /// <param name="read">Read options to start from (delimiter, missing tokens, skips); header is decided here when <paramref name="header"/> is null.</param>
    /// <param name="header">Force a header row (true) or no header (false); null detects it.</param>
    /// <param name="sampleRows">How many records to look at.</param>
    public static DataSchema Infer(string path, ReadOptions? read = null, bool? header = null, int sampleRows = 10_000)
    {
        var options = read?.Clone() ?? new ReadOptions();
        if (!File.Exists(path)) throw new FileNotFoundException($"Data file not found: {path}", path);
        var format = DataReader.ResolveFormat(path, options.Format);
        var (names, columns, firstIsHeader) = format == DataFormat.JsonLines
            ? SampleJsonLines(path, sampleRows)
            : SampleCsv(path, options, header, sampleRows);
        options.Header = format != DataFormat.JsonLines && firstIsHeader;
        var schema = new DataSchema { Read = options };
        var missing = options.MissingTokens.ToHashSet(StringComparer.Ordinal);
        for (int c = 0; c < names.Count; c++) schema.Columns.Add(InferColumn(names[c], columns[c], missing));
        schema.Validate();
        return schema;
    }

    private static (List<string> Names, List<List<string>> Columns, bool Header) SampleCsv(string path, ReadOptions options, bool? header, int sampleRows)
    {
        var probe = options.Clone();
        probe.Header = false;
        probe.OnError = ErrorPolicy.Skip;
        var rows = new List<string[]>();
        using (var reader = new CsvBatchReader(File.OpenRead(path), new DataSchema { Columns = [new("_", ColumnKind.String)], Read = probe }, path, ownsStream: true))
        {
            var fields = new List<string>();
            while (rows.Count < sampleRows + 1 && reader.TryReadRawRecord(fields, out _)) rows.Add([.. fields]);
        }
        if (rows.Count == 0) throw new DataFormatException(path, 1, 0, null, null, "the file has no rows to infer a schema from");
        // The width is the most common field count; other rows (a title line, a torn row) are left out of the sample.
        int width = rows.GroupBy(r => r.Length).OrderByDescending(g => g.Count()).ThenByDescending(g => g.Key).First().Key;
        var sample = rows.Where(r => r.Length == width).ToList();
        var missing = options.MissingTokens.ToHashSet(StringComparer.Ordinal);
        bool firstIsHeader = header ?? LooksLikeHeader(sample, missing);
        var names = firstIsHeader
            ? sample[0].Select((n, i) => string.IsNullOrWhiteSpace(n) ? $"column{i + 1}" : n).ToList()
            : Enumerable.Range(1, width).Select(i => $"column{i}").ToList();
        var data = firstIsHeader ? sample.Skip(1) : sample;
        var columns = Enumerable.Range(0, width).Select(_ => new List<string>()).ToList();
        foreach (var row in data.Take(sampleRows))
        {
            for (int c = 0; c < width; c++) columns[c].Add(row[c]);
        }
        return (DeduplicateNames(names), columns, firstIsHeader);
    }

    private static bool LooksLikeHeader(List<string[]> sample, HashSet<string> missing)
    {
        if (sample.Count < 2) return false;
        var first = sample[0];
        if (first.Any(cell => missing.Contains(cell) || IsNumber(cell))) return false;
        for (int c = 0; c < first.Length; c++)
        {
            if (sample.Skip(1).Take(200).All(r => missing.Contains(r[c]) || IsNumber(r[c]))) return true;
        }
        // All-text data: a header row usually has no repeated cells while data rows repeat categories.
        return first.Distinct().Count() == first.Length && sample.Skip(1).Take(200).All(r => !r.SequenceEqual(first)) && sample.Count > 2
            && Enumerable.Range(0, first.Length).Any(c => sample.Skip(1).Take(200).All(r => r[c] != first[c]));
    }

    private static (List<string>, List<List<string>>, bool) SampleJsonLines(string path, int sampleRows)
    {
        var names = new List<string>();
        var columns = new List<List<string>>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        int rows = 0;
        long lineNumber = 0;
        foreach (string line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            if (rows++ >= sampleRows) break;
            JsonDocument document;
            try { document = JsonDocument.Parse(line); }
            catch (JsonException e) { throw new DataFormatException(path, lineNumber, 0, null, CsvBatchReader.Shorten(Encoding.UTF8.GetBytes(line)), $"invalid JSON: {e.Message}"); }
            using (document)
            {
                if (document.RootElement.ValueKind != JsonValueKind.Object) continue;
                foreach (var property in document.RootElement.EnumerateObject())
                {
                    if (!index.TryGetValue(property.Name, out int c))
                    {
                        c = index[property.Name] = names.Count;
                        names.Add(property.Name);
                        columns.Add(Enumerable.Repeat("", rows - 1).ToList());
                    }
                    columns[c].Add(property.Value.ValueKind switch
                    {
                        JsonValueKind.String => property.Value.GetString()!,
                        JsonValueKind.Null => "",
                        JsonValueKind.True => "true",
                        JsonValueKind.False => "false",
                        _ => property.Value.GetRawText(),
                    });
                }
                foreach (var column in columns)
                {
                    while (column.Count < rows) column.Add("");
                }
            }
        }
        if (names.Count == 0) throw new DataFormatException(path, 1, 0, null, null, "the file has no JSON objects to infer a schema from");
        return (names, columns, false);
    }

    private static ColumnSchema InferColumn(string name, List<string> values, HashSet<string> missing)
    {
        bool allIntegers = true, allNumbers = true, any = false;
        foreach (string value in values)
        {
            if (missing.Contains(value)) continue;
            any = true;
            var bytes = Encoding.UTF8.GetBytes(value);
            if (allIntegers && !Utf8Number.TryParseInt64(bytes, out _)) allIntegers = false;
            if (!allIntegers && !Utf8Number.TryParseFloat(bytes, out _))
            {
                allNumbers = false;
                break;
            }
        }
        if (any && allIntegers) return new ColumnSchema(name, ColumnKind.Int64);
        if (any && allNumbers) return new ColumnSchema(name, ColumnKind.Float32);
        var counts = values.Where(v => !missing.Contains(v)).GroupBy(v => v, StringComparer.Ordinal)
            .Select(g => (Value: g.Key, Count: g.Count())).OrderByDescending(x => x.Count).ThenBy(x => x.Value, StringComparer.Ordinal).ToList();
        return new ColumnSchema(name, ColumnKind.String)
        {
            Vocabulary = counts.Count is > 0 and <= MaxVocabulary ? counts.ConvertAll(x => x.Value) : null,
        };
    }

    private static bool IsNumber(string cell) => Utf8Number.TryParseFloat(Encoding.UTF8.GetBytes(cell), out _);

    private static List<string> DeduplicateNames(List<string> names)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var result = new List<string>(names.Count);
        foreach (string name in names)
        {
            string unique = name;
            for (int k = 2; !seen.Add(unique); k++) unique = $"{name}_{k}";
            result.Add(unique);
        }
        return result;
    }
}
