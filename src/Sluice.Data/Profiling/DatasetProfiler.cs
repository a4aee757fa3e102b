using System.Diagnostics;
using Sluice.Data.Columns;
using Sluice.Data.Reading;
using Sluice.Data.Schema;

namespace Sluice.Data.Profiling;

/// <summary>
/// Profiles a file in one streaming pass with memory bounded by the batch and the sketches: exact statistics while a
/// column has at most 100,000 distinct values, KLL quantiles and HyperLogLog distinct counts beyond.
/// </summary>
public static class DatasetProfiler
{
    public const int HistogramBins = 20;
    public const int TopValueCount = 10;

    public static readonly string ErrorBoundsText =
        $"Exact while a column has at most {NumericAccumulator.ExactLimit:N0} distinct values. Beyond that: quantiles and histogram "
        + $"from a KLL sketch (k = {KllSketch.DefaultK}, normalised rank error ≤ {KllSketch.RankErrorBound:P2} at 99 % confidence), "
        + $"distinct counts from HyperLogLog (2^14 registers, relative standard error {HyperLogLog.StandardError:P2}), "
        + "top values counted among the first distinct values seen.";

    /// <summary>
    /// Profiles <paramref name="path"/>. Without a schema one is inferred from the first 10,000 rows and rows that do
    /// not fit it are skipped and reported; with a schema its error policy applies.
    /// </summary>
    /// <param name="path">CSV or JSON Lines file.</param>
    /// <param name="schema">The schema to read with; null infers one.</param>
    /// <param name="progress">Receives the fraction of the file read, after each batch.</param>
    /// <param name="inferWith">Read options to start inference from (delimiter, skips, missing tokens).</param>
    /// <param name="header">For inference: force a header (true) or none (false); null detects it.</param>
    public static DatasetProfile Profile(string path, DataSchema? schema = null, IProgress<double>? progress = null,
        ReadOptions? inferWith = null, bool? header = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Data file not found: {path}", path);
        bool inferred = schema is null;
        if (schema is null)
        {
            schema = SchemaInference.Infer(path, inferWith, header);
            schema.Read.OnError = ErrorPolicy.Skip;
        }
        var clock = Stopwatch.StartNew();
        long fileBytes = new FileInfo(path).Length;
        int n = schema.Columns.Count;
        var numeric = new NumericAccumulator?[n];
        var strings = new StringAccumulator?[n];
        for (int c = 0; c < n; c++)
        {
            if (schema.Columns[c].Kind == ColumnKind.String) strings[c] = new StringAccumulator();
            else numeric[c] = new NumericAccumulator(schema.Columns[c].Kind == ColumnKind.Int64);
        }

        using var reader = DataReader.Open(path, schema);
        var batch = reader.Schema.CreateBatch(8192);
        long rows = 0;
        while (reader.ReadBatch(batch) is int count and > 0)
        {
            rows += count;
            for (int c = 0; c < n; c++) Accumulate(batch.Columns[c], count, numeric[c], strings[c]);
            progress?.Report(fileBytes == 0 ? 1 : (double)reader.Report.BytesRead / fileBytes);
        }

        var columns = new List<ColumnProfile>(n);
        for (int c = 0; c < n; c++)
        {
            var spec = schema.Columns[c];
            columns.Add(strings[c] is { } s
                ? s.ToProfile(spec.Name, TopValueCount)
                : numeric[c]!.ToProfile(spec.Name, spec.Kind == ColumnKind.Int64 ? "int64" : "float32", HistogramBins));
        }
        return new DatasetProfile
        {
            File = path,
            Format = DataReader.ResolveFormat(path, schema.Read.Format) == DataFormat.JsonLines ? "jsonLines" : "csv",
            Rows = rows,
            RowsSkipped = reader.Report.RowsSkipped,
            SkippedExamples = reader.Report.SkippedExamples.Select(e => e.Message).ToList(),
            Bytes = fileBytes,
            Seconds = clock.Elapsed.TotalSeconds,
            SchemaInferred = inferred,
            ErrorBounds = ErrorBoundsText,
            Columns = columns,
        };
    }

    private static void Accumulate(Column column, int count, NumericAccumulator? numeric, StringAccumulator? strings)
    {
        var missing = column.Missing;
        switch (column)
        {
            case FloatColumn floats:
                var f = floats.Values;
                for (int r = 0; r < count; r++)
                {
                    if (missing[r]) numeric!.Missing++;
                    else numeric!.Add(f[r]);
                }
                break;
            case Int64Column longs:
                var l = longs.Values;
                for (int r = 0; r < count; r++)
                {
                    if (missing[r]) numeric!.Missing++;
                    else numeric!.Add(l[r]);
                }
                break;
            case StringColumn text:
                for (int r = 0; r < count; r++)
                {
                    if (missing[r]) strings!.Missing++;
                    else strings!.Add(text.GetBytes(r));
                }
                break;
        }
    }
}
