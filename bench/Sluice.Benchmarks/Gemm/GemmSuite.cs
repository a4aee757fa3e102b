using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Sluice.Kernels;

namespace Sluice.Benchmarks.Gemm;

/// <summary>
/// `gemm`: Sluice's GEMM against OpenBLAS (its AVX-512 kernels forced, as 0.3.21 does not recognise this CPU) in the
/// same run. For each thread count and shape it runs many short interleaved rounds of OpenBLAS SKYLAKEX, OpenBLAS
/// COOPERLAKE (persistent child processes) and Sluice (in process); each round is the median of repeated calls.
/// This machine is a VM whose hypervisor steals 5–35 % of the time in phases of seconds, so a few long rounds let
/// one side land in a slow phase the other escaped: many short rounds, alternating, give both the same chances.
/// Each side keeps its best round (OpenBLAS its faster core type), and `median_ratio` is the median over rounds of
/// Sluice's rate against OpenBLAS's best core in the same round. Prints one JSON line per shape and thread count:
/// {"name","m","n","k","threads","sluice_gflops","openblas_gflops","openblas_core","ratio","median_ratio",...}.
/// Options: --threads 1,2  --shapes all|name,...|MxNxK  --rounds 10  --transpose NN|NT|TN|TT
///          --coretypes SKYLAKEX,COOPERLAKE  --min-seconds 0.15  --clock wall|cpu (cpu: thread CPU time, 1 thread only)
///          --percentile 50 (of the timed batches; 50 = median)  --batch-ms 1 (length of a timed batch)
///          --misalign 0 (operands start this many floats past a 64-byte boundary, in both processes)
/// </summary>
internal static class GemmSuite
{
    private const int OpenBlasQuietMilliseconds = 300;

    public static int Run(string[] args)
    {
        if (args.Contains("--help"))
        {
            Console.WriteLine("gemm [--threads 1,2] [--shapes all|name,..|MxNxK] [--rounds 10] [--transpose NN|NT|TN|TT] [--coretypes SKYLAKEX,COOPERLAKE] [--min-seconds 0.15] [--clock wall|cpu] [--percentile 50] [--batch-ms 1] [--misalign 0]");
            return 0;
        }
        int[] threadCounts = BenchSuites.Option(args, "--threads", "1,2").Split(',').Select(int.Parse).ToArray();
        string shapeNames = BenchSuites.Option(args, "--shapes", "all");
        var shapes = GemmShape.Select(shapeNames);
        int rounds = int.Parse(BenchSuites.Option(args, "--rounds", "10"));
        string transpose = BenchSuites.Option(args, "--transpose", "NN").ToUpperInvariant();
        if (transpose is not ("NN" or "NT" or "TN" or "TT")) throw new ArgumentException("--transpose must be NN, NT, TN or TT.");
        string[] coreTypes = BenchSuites.Option(args, "--coretypes", "SKYLAKEX,COOPERLAKE").Split(',');
        string minSeconds = BenchSuites.Option(args, "--min-seconds", "0.15");
        double minSecondsValue = double.Parse(minSeconds, CultureInfo.InvariantCulture);
        var timing = GemmClock.Options(args);
        int misalign = int.Parse(BenchSuites.Option(args, "--misalign", "0"), CultureInfo.InvariantCulture);
        if (misalign is < 0 or > 15) throw new ArgumentException("--misalign must be in 0..15 (floats past a 64-byte boundary).");
        if (timing.Cpu && threadCounts.Any(t => t != 1)) throw new ArgumentException("--clock cpu measures the calling thread only: use it with --threads 1.");
        string[] childTiming = ["--misalign", misalign.ToString(CultureInfo.InvariantCulture), "--min-seconds", minSeconds, "--clock", timing.Cpu ? "cpu" : "wall",
            "--percentile", timing.Percentile.ToString(CultureInfo.InvariantCulture), "--batch-ms", timing.BatchMilliseconds.ToString(CultureInfo.InvariantCulture)];

        foreach (int threads in threadCounts)
        {
            var children = coreTypes.Select(coreType => OpenBlasChild.Start(coreType, threads, transpose, childTiming)).ToList();
            try
            {
                foreach (GemmShape shape in shapes)
                {
                    var operands = GemmOperands.Create(shape, misalign);
                    double sluiceBest = 0, blasBest = 0;
                    string blasCore = "";
                    var roundRatios = new List<double>();
                    for (int round = 1; round <= rounds; round++)
                    {
                        // Alternate who goes first, so neither side always follows the other's cache and thread state.
                        bool sluiceFirst = round % 2 == 0;
                        double sluiceRound = sluiceFirst ? MeasureSluice(shape, operands, threads, transpose, minSecondsValue, timing) : 0;
                        double blasRound = 0;
                        foreach (OpenBlasChild child in children)
                        {
                            var (gflops, core) = child.Measure(shape);
                            blasRound = Math.Max(blasRound, gflops);
                            if (gflops > blasBest) (blasBest, blasCore) = (gflops, core);
                            // OpenBLAS worker threads busy-wait for about 2^28 cycles (~0.1 s) after a call before
                            // they sleep; let them go quiet so they do not steal the cores from the next measurement.
                            if (threads > 1) Thread.Sleep(OpenBlasQuietMilliseconds);
                        }
                        if (!sluiceFirst) sluiceRound = MeasureSluice(shape, operands, threads, transpose, minSecondsValue, timing);
                        sluiceBest = Math.Max(sluiceBest, sluiceRound);
                        roundRatios.Add(sluiceRound / blasRound);
                    }
                    roundRatios.Sort();
                    Console.Error.WriteLine($"[gemm] {shape.Name} threads {threads}: load average {Timing.LoadAverage():F1}");
                    Console.WriteLine(JsonSerializer.Serialize(new
                    {
                        name = transpose == "NN" ? shape.Name : $"{shape.Name}_{transpose}",
                        m = shape.M, n = shape.N, k = shape.K, threads,
                        sluice_gflops = Math.Round(sluiceBest, 1),
                        openblas_gflops = Math.Round(blasBest, 1),
                        openblas_core = blasCore,
                        ratio = Math.Round(sluiceBest / blasBest, 3),
                        median_ratio = Math.Round(roundRatios[roundRatios.Count / 2], 3),
                        rounds,
                        clock = timing.Cpu ? "cpu" : "wall",
                        percentile = timing.Percentile,
                        misalign,
                    }));
                }
            }
            finally
            {
                foreach (OpenBlasChild child in children) child.Dispose();
            }
        }
        return 0;
    }

    private static double MeasureSluice(GemmShape shape, GemmOperands operands, int threads, string transpose, double minSeconds, (bool Cpu, int Percentile, double BatchMilliseconds) timing)
    {
        bool transA = transpose[0] == 'T', transB = transpose[1] == 'T';
        int lda = transA ? shape.M : shape.K, ldb = transB ? shape.K : shape.N;
        double seconds = GemmClock.SecondsPerCall(
            () => Kernels.Gemm.Multiply(transA, transB, shape.M, shape.N, shape.K, 1f, operands.A, lda, operands.B, ldb, 0f, operands.C, shape.N, threads), minSeconds, timing.Cpu, timing.Percentile, timing.BatchMilliseconds);
        return shape.Flops / seconds / 1e9;
    }
}
