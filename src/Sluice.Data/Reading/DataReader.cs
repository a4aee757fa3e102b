using Sluice.Data.Columns;
using Sluice.Data.Schema;

namespace Sluice.Data.Reading;

/// <summary>Entry points: open a CSV or JSON Lines file for streaming, or read a small one whole.</summary>
public static class DataReader
{
    /// <summary>Opens <paramref name="path"/> with <paramref name="schema"/> (format from the schema or the extension).</summary>
    public static IBatchReader Open(string path, DataSchema schema)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Data file not found: {path}", path);
        return ResolveFormat(path, schema.Read.Format) == DataFormat.JsonLines
            ? JsonLinesBatchReader.Open(path, schema)
            : CsvBatchReader.Open(path, schema);
    }

    /// <summary>
    /// Reads the whole file into one <see cref="ColumnBatch"/> (for small data sets such as census, 32k rows).
    /// Malformed rows throw, or are skipped and counted in <paramref name="report"/> under the skip policy.
    /// </summary>
    public static ColumnBatch ReadAll(string path, DataSchema schema, out ReadReport report)
    {
        using var reader = Open(path, schema);
        var batch = schema.CreateBatch(EstimateRows(path));
        reader.ReadToEnd(batch);
        report = reader.Report;
        return batch;
    }

    /// <inheritdoc cref="ReadAll(string, DataSchema, out ReadReport)"/>
    public static ColumnBatch ReadAll(string path, DataSchema schema) => ReadAll(path, schema, out _);

    /// <summary>Csv or JsonLines for a file, deciding <see cref="DataFormat.Auto"/> by extension.</summary>
    public static DataFormat ResolveFormat(string path, DataFormat format)
    {
        if (format != DataFormat.Auto) return format;
        string extension = Path.GetExtension(path);
        return extension.Equals(".jsonl", StringComparison.OrdinalIgnoreCase) || extension.Equals(".ndjson", StringComparison.OrdinalIgnoreCase)
            ? DataFormat.JsonLines
            : DataFormat.Csv;
    }

    private static int EstimateRows(string path)
    {
        long bytes = new FileInfo(path).Length;
        return (int)Math.Clamp(bytes / 64, 16, 1 << 20);
    }
}
