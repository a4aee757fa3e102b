using System.Diagnostics;
using System.Globalization;
using System.Text;
using CsvHelper;
using Sluice.Data.Columns;
using Sluice.Data.Pipeline;
using Sluice.Data.Reading;
using Sluice.Data.Schema;

namespace Sluice.Benchmarks.Data;

/// <summary>
/// <c>csv</c>: parse throughput of Sluice's CSV reader against CsvHelper in the same run, on the census training file
/// and on a generated numeric-heavy file, both from memory (so the disk is not measured), single-threaded; plus the
/// census input pipeline's rows/s (shuffle + batch) for comparison with training-step throughput.
/// Options: <c>--seconds S</c> (per measurement, default 3), <c>--numeric-mb M</c> (default 64).
/// </summary>
internal static class CsvParseSuite
{
    public static int Run(string[] args)
    {
        double seconds = double.Parse(Option(args, "--seconds", "3"), CultureInfo.InvariantCulture);
        int numericMb = int.Parse(Option(args, "--numeric-mb", "64"), CultureInfo.InvariantCulture);

        byte[] census = File.ReadAllBytes(CensusFiles.TrainPath);
        var censusSchema = CensusFiles.Schema();
        double load = CensusFiles.LoadAverage();
        var (sluice, helper) = Interleaved(() => SluiceCensus(census, censusSchema), () => CsvHelperCensus(census), seconds);
        Report("census", census.Length, sluice, helper, load);

        var (numeric, numericSchema) = NumericFile(numericMb << 20);
        load = CensusFiles.LoadAverage();
        var (sluiceNumeric, helperNumeric) = Interleaved(() => SluiceNumeric(numeric, numericSchema), () => CsvHelperNumeric(numeric, numericSchema.Columns.Count), seconds);
        Report("numeric", numeric.Length, sluiceNumeric, helperNumeric, load);

        PipelineRows(seconds);
        return 0;
    }

    /// <summary>
    /// MB/s per CPU-second of the parsing thread (the "per core" rate; median and best run) and per wall-clock second
    /// (median). Ratios are CsvHelper time / Sluice time, so above 1 means Sluice is faster.
    /// </summary>
    private static void Report(string file, long bytes, Samples sluice, Samples helper, double load)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{{\"suite\":\"csv\",\"file\":\"{file}\",\"bytes\":{bytes},\"runs\":{sluice.Runs},\"sluiceMBpsCpu\":{bytes / sluice.Cpu / 1e6:F1},\"csvHelperMBpsCpu\":{bytes / helper.Cpu / 1e6:F1},\"ratioCpu\":{helper.Cpu / sluice.Cpu:F2},\"sluiceMBpsBestCpu\":{bytes / sluice.BestCpu / 1e6:F1},\"csvHelperMBpsBestCpu\":{bytes / helper.BestCpu / 1e6:F1},\"ratioBestCpu\":{helper.BestCpu / sluice.BestCpu:F2},\"sluiceMBpsWall\":{bytes / sluice.Wall / 1e6:F1},\"csvHelperMBpsWall\":{bytes / helper.Wall / 1e6:F1},\"ratioWall\":{helper.Wall / sluice.Wall:F2},\"threads\":1,\"load\":{load:F2}}}"));
    }

    private sealed record Samples(double Wall, double Cpu, double BestCpu, int Runs);

    /// <summary>
    /// Runs the two parsers alternately (A, B, A, B, …) so both see the same load on the shared machine, after
    /// warm-up runs of each; returns the median wall and CPU seconds and the best CPU seconds of each.
    /// </summary>
    private static (Samples A, Samples B) Interleaved(Func<double> a, Func<double> b, double seconds)
    {
        for (int i = 0; i < 5; i++)
        {
            a();
            b();
        }
        var wallA = new List<double>();
        var cpuA = new List<double>();
        var wallB = new List<double>();
        var cpuB = new List<double>();
        var total = Stopwatch.StartNew();
        while (wallA.Count < 9 || total.Elapsed.TotalSeconds < 2 * seconds)
        {
            Time(a, wallA, cpuA);
            Time(b, wallB, cpuB);
            if (wallA.Count >= 500) break;
        }
        return (Summarise(wallA, cpuA), Summarise(wallB, cpuB));

        static void Time(Func<double> run, List<double> wall, List<double> cpu)
        {
            double cpu0 = ThreadClock.Seconds();
            var clock = Stopwatch.StartNew();
            run();
            wall.Add(clock.Elapsed.TotalSeconds);
            cpu.Add(ThreadClock.Seconds() - cpu0);
        }

        static Samples Summarise(List<double> wall, List<double> cpu)
        {
            wall.Sort();
            cpu.Sort();
            return new Samples(wall[wall.Count / 2], cpu[cpu.Count / 2], cpu[0], wall.Count);
        }
    }

    private static double SluiceCensus(byte[] bytes, DataSchema schema)
    {
        using var reader = new CsvBatchReader(new MemoryStream(bytes, writable: false), schema, "adult.data");
        var batch = schema.CreateBatch(4096);
        double check = 0;
        while (reader.ReadBatch(batch) is int n and > 0)
        {
            var age = ((FloatColumn)batch["age"]).Values;
            for (int i = 0; i < n; i++) check += age[i];
            check += ((StringColumn)batch["occupation"]).GetBytes(n - 1).Length;
        }
        if (reader.Report.RowsRead != 32_561) throw new InvalidOperationException($"Sluice read {reader.Report.RowsRead} rows.");
        return check;
    }

    /// <summary>
    /// CsvHelper (34: a SIMD scanner over UTF-8) used the way its docs show for typed reading: Parse&lt;float&gt; for
    /// numeric cells, GetStringOrNull for categorical ones (a string per cell, as its API hands them out).
    /// </summary>
    private static double CsvHelperCensus(byte[] bytes)
    {
        var options = CsvReaderOptions.Default with
        {
            HasHeader = false, Separator = ',', TrimWhitespace = true, CommentPrefix = '|', NullValues = ["?"],
        };
        using var csv = CsvReader.Create(bytes, options);
        double check = 0;
        int rows = 0;
        var numericValues = new float[15];
        var strings = new string?[15];
        while (csv.Read())
        {
            for (int c = 0; c < 15; c++)
            {
                if (CensusFiles.IsNumeric(c)) numericValues[c] = csv.Parse<float>(c);
                else
                {
                    string? value = csv.GetStringOrNull(c);
                    if (c == 14 && value is not null && value.EndsWith('.')) value = value[..^1];
                    strings[c] = value;
                }
            }
            check += numericValues[0] + (strings[6]?.Length ?? 0);
            rows++;
        }
        if (rows != 32_561) throw new InvalidOperationException($"CsvHelper read {rows} rows.");
        return check;
    }

    private static double SluiceNumeric(byte[] bytes, DataSchema schema)
    {
        using var reader = new CsvBatchReader(new MemoryStream(bytes, writable: false), schema, "numeric.csv");
        var batch = schema.CreateBatch(4096);
        double check = 0;
        while (reader.ReadBatch(batch) is int n and > 0) check += ((FloatColumn)batch.Columns[0]).Values[n - 1];
        return check;
    }

    private static double CsvHelperNumeric(byte[] bytes, int columns)
    {
        using var csv = CsvReader.Create(bytes, CsvReaderOptions.Default with { HasHeader = true, Separator = ',' });
        double check = 0;
        while (csv.Read())
        {
            for (int c = 0; c < columns; c++) check += csv.Parse<float>(c);
        }
        return check;
    }

    /// <summary>16 float columns of 3–7 significant digits, a header, LF line ends.</summary>
    private static (byte[] Bytes, DataSchema Schema) NumericFile(int targetBytes)
    {
        var random = new Random(2024);
        var text = new StringBuilder(targetBytes + 1024);
        var schema = new DataSchema();
        for (int c = 0; c < 16; c++)
        {
            schema.Columns.Add(new ColumnSchema($"x{c}", ColumnKind.Float32));
            text.Append(c == 0 ? "" : ",").Append("x").Append(c);
        }
        text.Append('\n');
        while (text.Length < targetBytes)
        {
            for (int c = 0; c < 16; c++)
            {
                if (c > 0) text.Append(',');
                double value = (random.NextDouble() - 0.3) * Math.Pow(10, random.Next(0, 5));
                text.Append(value.ToString(c % 3 == 0 ? "F2" : "F4", CultureInfo.InvariantCulture));
            }
            text.Append('\n');
        }
        return (Encoding.UTF8.GetBytes(text.ToString()), schema);
    }

    /// <summary>Input-only throughput of the census training input (in memory, shuffled, batches of 40).</summary>
    private static void PipelineRows(double seconds)
    {
        var rows = DataReader.ReadAll(CensusFiles.TrainPath, CensusFiles.Schema());
        var pipeline = RowPipeline.FromBatch(rows).Shuffle(rows.RowCount, seed: 1).Repeat().Batch(40).Prefetch(8);
        var streamed = RowPipeline.FromFile(CensusFiles.TrainPath, CensusFiles.Schema()).Shuffle(10_000, seed: 1).Repeat().Batch(40).Prefetch(8);
        foreach (var (name, source) in new[] { ("census-in-memory", pipeline), ("census-streamed", streamed) })
        {
            long count = 0;
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            foreach (var batch in source)
            {
                count += batch.RowCount;
                if (clock.Elapsed.TotalSeconds >= seconds) break;
            }
            double rate = count / clock.Elapsed.TotalSeconds;
            double cpuRate = count / (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{{\"suite\":\"csv\",\"pipeline\":\"{name}\",\"stages\":\"shuffle+repeat+batch(40)+prefetch(8)\",\"rowsPerSecondWall\":{rate:F0},\"rowsPerCpuSecond\":{cpuRate:F0},\"load\":{CensusFiles.LoadAverage():F2}}}"));
        }
    }

    internal static string Option(string[] args, string name, string fallback)
    {
        int at = Array.IndexOf(args, name);
        return at >= 0 && at + 1 < args.Length ? args[at + 1] : fallback;
    }
}
