using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Sluice.Board.Api;
using Sluice.Board.Histograms;
using Sluice.Board.Logdir;
using Sluice.Events;

namespace Sluice.Board.Bench;

/// <summary>
/// Histograms page cost: <c>--histograms [--runs 20] [--steps 200]</c>. A logdir shaped like DNN model dirs with weight
/// histograms (3 layers × kernel + bias, 2,000 values each, every step) and 10 scalars per step. Measures, in the same
/// run over the same files: the first histogram read (decodes every event), a reread with nothing appended (tailing),
/// one card's data (pick 30 steps, rebin onto 30 bins), against the general Google.Protobuf pass (the decoding floor)
/// and the board's scalar ingest of the same files.
/// </summary>
internal static class HistogramBench
{
    private const int Values = 2000;
    private static readonly string[] Tags =
    [
        "dnn/hiddenlayer_0/kernel", "dnn/hiddenlayer_0/bias", "dnn/hiddenlayer_1/kernel",
        "dnn/hiddenlayer_1/bias", "dnn/logits/kernel", "dnn/logits/bias",
    ];

    public static int Run(int runs, int steps, string logdir)
    {
        double generateSeconds = Ensure(logdir, runs, steps);
        string[] files = BenchLogdir.EventFiles(logdir);
        long bytes = files.Sum(f => new FileInfo(f).Length);
        IngestReferences.ReadBytes(files); // warm the page cache

        IngestReferences.GeneralParser(files); // JIT warm-up: the histogram read decodes on the same path
        double generalSeconds = Timed(() => IngestReferences.GeneralParser(files), out double generalCpu);

        double scalarSeconds = Timed(() => { using var index = new LogdirIndex(logdir); index.Reload(); }, out double scalarCpu);

        using var histograms = new HistogramIndex(logdir);
        int series = 0;
        double coldSeconds = Timed(() => series = histograms.Read(rs => rs.Sum(r => r.Tags.Count())), out double coldCpu);
        if (series != runs * Tags.Length) throw new InvalidOperationException($"Expected {runs * Tags.Length} histogram series, read {series}.");
        double warmSeconds = Timed(() => histograms.Read(rs => rs.Count), out _);

        // One card's data, for every (run, tag): what /api/histograms/data does after the read.
        double[] bins = new double[30];
        int cards = 0;
        double cardSeconds = Timed(() => histograms.Read(rs =>
        {
            foreach (RunHistograms run in rs)
                foreach (string tag in run.Tags)
                {
                    foreach (var point in HistogramsEndpoints.Pick(run.TryGetSeries(tag)!, 30))
                        HistogramBins.Rebin(point.Value, point.Value.Min, point.Value.Max + 1e-9, bins);
                    cards++;
                }
            return cards;
        }), out _);

        var result = new
        {
            runs, steps, histogramTags = Tags.Length, valuesPerHistogram = Values, megabytes = Math.Round(bytes / 1e6, 1),
            generateSeconds = Math.Round(generateSeconds, 2),
            googleProtobufSeconds = Math.Round(generalSeconds, 3), googleProtobufCpuSeconds = Math.Round(generalCpu, 3),
            scalarIngestSeconds = Math.Round(scalarSeconds, 3), scalarIngestCpuSeconds = Math.Round(scalarCpu, 3),
            histogramFirstReadSeconds = Math.Round(coldSeconds, 3), histogramFirstReadCpuSeconds = Math.Round(coldCpu, 3),
            histogramRereadSeconds = Math.Round(warmSeconds, 4),
            cardDataMilliseconds = Math.Round(cardSeconds * 1000 / Math.Max(1, cards), 3),
            firstReadVsGoogleProtobuf = Math.Round(coldSeconds / generalSeconds, 2),
            firstReadVsGoogleProtobufCpu = Math.Round(coldCpu / generalCpu, 2),
        };
        Console.WriteLine(JsonSerializer.Serialize(result));
        Console.Error.WriteLine($"{runs} runs × {Tags.Length} histogram tags × {steps} steps ({result.megabytes} MB): first histogram read " +
            $"{coldSeconds:F2} s ({coldCpu:F2} s CPU) vs Google.Protobuf pass {generalSeconds:F2} s ({generalCpu:F2} s CPU; ratio {result.firstReadVsGoogleProtobuf}× wall, {result.firstReadVsGoogleProtobufCpu}× CPU); " +
            $"reread {warmSeconds * 1000:F1} ms; one card's data {result.cardDataMilliseconds} ms; scalar ingest of the same files {scalarSeconds:F2} s");
        return 0;
    }

    private static double Timed(Action action, out double cpuSeconds)
    {
        TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        action();
        double seconds = clock.Elapsed.TotalSeconds;
        cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        return seconds;
    }

    /// <summary>Writes the logdir unless a complete one (marked by a stamp file) is already there.</summary>
    private static double Ensure(string logdir, int runs, int steps)
    {
        string stamp = Path.Combine(logdir, $"complete-{runs}-{steps}");
        if (File.Exists(stamp)) return 0;
        if (Directory.Exists(logdir)) Directory.Delete(logdir, recursive: true);
        var clock = Stopwatch.StartNew();
        Parallel.For(0, runs, run =>
        {
            var random = new Random(run);
            var local = new double[Values];
            using var writer = new EventFileWriter(Path.Combine(logdir, $"run{run.ToString("D3", CultureInfo.InvariantCulture)}"));
            for (int step = 1; step <= steps; step++)
            {
                double wall = 1_763_000_000 + step;
                for (int s = 0; s < 10; s++) writer.WriteScalar($"metric_{s}", step, (float)(1.0 / step + s), wall);
                foreach (string tag in Tags)
                {
                    double scale = 0.05 + step * 0.001;
                    for (int i = 0; i < local.Length; i++) local[i] = scale * (random.NextDouble() + random.NextDouble() - 1);
                    writer.WriteHistogram(tag, step, local, wall);
                }
            }
        });
        File.WriteAllText(stamp, "");
        return clock.Elapsed.TotalSeconds;
    }
}
