using System.Diagnostics;
using System.Globalization;
using Sluice.Data.Columns;
using Sluice.Data.Pipeline;

namespace Sluice.Benchmarks.Data;

/// <summary>
/// <c>stream</c>: generates a multi-GB census-like CSV under /tmp (never in the repository), streams it through
/// read → shuffle(10,000) → batch(512) → prefetch(4), and records throughput, managed allocation and the peak RSS,
/// which stays bounded by the buffers, not the file. The file is deleted afterwards.
/// Options: <c>--gb G</c> (default 2), <c>--keep</c> to keep the generated file.
/// </summary>
internal static class StreamingSuite
{
    public static int Run(string[] args)
    {
        double gigabytes = double.Parse(CsvParseSuite.Option(args, "--gb", "2"), CultureInfo.InvariantCulture);
        string path = Path.Combine(Path.GetTempPath(), $"sluice-stream-{Environment.ProcessId}.csv");
        try
        {
            long bytes = Generate(path, (long)(gigabytes * (1L << 30)));
            long rssBefore = CensusFiles.PeakRssBytes();
            long allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);
            var cpuBefore = Process.GetCurrentProcess().TotalProcessorTime;
            var clock = Stopwatch.StartNew();
            long rows = 0;
            double ageSum = 0;
            var pipeline = RowPipeline.FromFile(path, CensusFiles.Schema(), chunkRows: 8192).Shuffle(10_000, seed: 11).Batch(512).Prefetch(4);
            foreach (var batch in pipeline)
            {
                rows += batch.RowCount;
                var age = ((FloatColumn)batch["age"]).Values;
                for (int i = 0; i < batch.RowCount; i++) ageSum += age[i];
            }
            double seconds = clock.Elapsed.TotalSeconds;
            double cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpuBefore).TotalSeconds;
            long allocated = GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore;
            long peak = CensusFiles.PeakRssBytes();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{{\"suite\":\"stream\",\"fileBytes\":{bytes},\"rows\":{rows},\"meanAge\":{ageSum / rows:F4},\"seconds\":{seconds:F2},\"MBps\":{bytes / seconds / 1e6:F1},\"rowsPerSecond\":{rows / seconds:F0},\"cpuSeconds\":{cpuSeconds:F1},\"MBpsPerCpuSecond\":{bytes / cpuSeconds / 1e6:F1},\"managedAllocatedMB\":{allocated / 1e6:F1},\"peakRssMB\":{peak / 1e6:F1},\"peakRssBeforeStreamingMB\":{rssBefore / 1e6:F1},\"load\":{CensusFiles.LoadAverage():F2}}}"));
            return 0;
        }
        finally
        {
            if (!args.Contains("--keep") && File.Exists(path)) File.Delete(path);
        }
    }

    /// <summary>Writes census rows over and over until the file reaches <paramref name="target"/> bytes.</summary>
    private static long Generate(string path, long target)
    {
        byte[] census = File.ReadAllBytes(CensusFiles.TrainPath);
        int end = census.Length;
        while (end > 0 && census[end - 1] == '\n') end--;   // drop the trailing blank line, keep one newline
        var body = census.AsMemory(0, end + 1);
        using var stream = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        long written = 0;
        while (written < target)
        {
            stream.Write(body.Span);
            written += body.Length;
        }
        return written;
    }
}
