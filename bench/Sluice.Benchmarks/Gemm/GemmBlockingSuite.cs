using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Sluice.Kernels;

namespace Sluice.Benchmarks.Gemm;

/// <summary>
/// `gemm-blocking`: compares GEMM block sizes (Kc, Mc, Nc) in one process, as paired A/Bs. This machine's speed moves
/// by several per cent from one second to the next (other tenants, clock), more than most blocking changes are worth,
/// so separate runs cannot rank them: here every round times each blocking once, back to back, in an order that
/// alternates between rounds, and the result is the median over rounds of each blocking's rate against the first
/// blocking's rate in the same round (with its quartiles). Prints one JSON line per shape and blocking:
/// {"name","m","n","k","threads","kc","mc","nc","gflops","ratio","ratio_q1","ratio_q3","rounds"}.
/// Options: --shapes all|name,...|MxNxK  --threads 1  --blockings 1024,32,1024;512,64,2048 (the first is the
///          reference)  --rounds 100  --batch-ms 5 (length of one timed batch)
/// </summary>
internal static class GemmBlockingSuite
{
    public static int Run(string[] args)
    {
        if (args.Contains("--help"))
        {
            Console.WriteLine("gemm-blocking [--shapes all|name,..|MxNxK] [--threads 1] [--blockings Kc,Mc,Nc;Kc,Mc,Nc;...] [--rounds 100] [--batch-ms 5]");
            return 0;
        }
        var shapes = GemmShape.Select(BenchSuites.Option(args, "--shapes", "all"));
        int threads = int.Parse(BenchSuites.Option(args, "--threads", "1"), CultureInfo.InvariantCulture);
        int rounds = int.Parse(BenchSuites.Option(args, "--rounds", "100"), CultureInfo.InvariantCulture);
        double batchMilliseconds = double.Parse(BenchSuites.Option(args, "--batch-ms", "5"), CultureInfo.InvariantCulture);
        GemmBlocking original = GemmBlocking.Current;
        GemmBlocking[] blockings = ParseBlockings(BenchSuites.Option(args, "--blockings", $"{original.Kc},{original.Mc},{original.Nc};512,64,2048"));
        try
        {
            for (int i = 0; i < shapes.Count; i++)
            {
                // Progress on stderr, results on stdout (one JSON line each), as in the gemm suite.
                Console.Error.WriteLine($"[gemm-blocking] shape {i + 1}/{shapes.Count} {shapes[i].Name}, {blockings.Length} blockings × {rounds} rounds");
                Compare(shapes[i], threads, blockings, rounds, batchMilliseconds);
            }
        }
        finally
        {
            GemmBlocking.Current = original;
        }
        return 0;
    }

    private static void Compare(GemmShape shape, int threads, GemmBlocking[] blockings, int rounds, double batchMilliseconds)
    {
        var operands = GemmOperands.Create(shape, misalign: 0);
        void Call() => Kernels.Gemm.Multiply(false, false, shape.M, shape.N, shape.K, 1f, operands.A, shape.K, operands.B, shape.N, 0f, operands.C, shape.N, threads);

        // Warm up every blocking (JIT tiers, pack buffers grown to the largest block) and size the batch.
        long warmStart = Stopwatch.GetTimestamp();
        int warmCalls = 0;
        do
        {
            foreach (GemmBlocking blocking in blockings) { GemmBlocking.Current = blocking; Call(); }
            warmCalls += blockings.Length;
        } while (Stopwatch.GetElapsedTime(warmStart).TotalSeconds < 0.5);
        double secondsPerCall = Stopwatch.GetElapsedTime(warmStart).TotalSeconds / warmCalls;
        int batch = (int)Math.Clamp(batchMilliseconds * 1e-3 / secondsPerCall, 1, 100_000);

        var rates = blockings.Select(_ => new List<double>()).ToArray();
        for (int round = 0; round < rounds; round++)
        {
            for (int step = 0; step < blockings.Length; step++)
            {
                int which = round % 2 == 0 ? step : blockings.Length - 1 - step;
                GemmBlocking.Current = blockings[which];
                Call();
                long start = Stopwatch.GetTimestamp();
                for (int i = 0; i < batch; i++) Call();
                rates[which].Add(shape.Flops * batch / Stopwatch.GetElapsedTime(start).TotalSeconds / 1e9);
            }
        }

        for (int which = 0; which < blockings.Length; which++)
        {
            var ratios = rates[which].Zip(rates[0], (rate, reference) => rate / reference).Order().ToList();
            var sorted = rates[which].Order().ToList();
            GemmBlocking blocking = blockings[which];
            Console.WriteLine(JsonSerializer.Serialize(new
            {
                name = shape.Name, m = shape.M, n = shape.N, k = shape.K, threads,
                kc = blocking.Kc, mc = blocking.Mc, nc = blocking.Nc,
                gflops = Math.Round(sorted[sorted.Count / 2], 1),
                ratio = Math.Round(ratios[ratios.Count / 2], 3),
                ratio_q1 = Math.Round(ratios[ratios.Count / 4], 3),
                ratio_q3 = Math.Round(ratios[ratios.Count * 3 / 4], 3),
                rounds,
            }));
        }
    }

    private static GemmBlocking[] ParseBlockings(string text)
    {
        var blockings = new List<GemmBlocking>();
        foreach (string item in text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            string[] parts = item.Split(',');
            if (parts.Length != 3 || !int.TryParse(parts[0], out int kc) || !int.TryParse(parts[1], out int mc) || !int.TryParse(parts[2], out int nc))
                throw new ArgumentException($"--blockings: '{item}' is not Kc,Mc,Nc.");
            try
            {
                blockings.Add(new GemmBlocking(kc, mc, nc));
            }
            catch (ArgumentException invalid)
            {
                throw new ArgumentException($"--blockings: '{item}': {invalid.Message}", invalid);
            }
        }
        if (blockings.Count == 0) throw new ArgumentException("--blockings names no blocking.");
        return [.. blockings];
    }
}
