using System.Diagnostics;
using System.Globalization;

namespace Sluice.Benchmarks.Gemm;

/// <summary>
/// What the `gemm` suite times: wall-clock seconds (the number) or, with <c>--clock cpu</c>, the calling
/// thread's CPU seconds. On a shared, loaded machine the CPU clock stops counting while the thread is preempted, so
/// single-thread ratios stay meaningful at load averages where wall-clock ones are noise (caches are still polluted
/// by the other processes, so it is indicative too). Only single-thread runs can use it: with two threads the work
/// of the second thread (and a spinning worker) is not on the calling thread's clock.
/// </summary>
internal static class GemmClock
{
    public static bool IsValid(string clock) => clock is "wall" or "cpu";

    /// <summary>The timing options shared by the suite and its OpenBLAS children.</summary>
    public static (bool Cpu, int Percentile, double BatchMilliseconds) Options(string[] args)
    {
        string clock = BenchSuites.Option(args, "--clock", "wall");
        if (!IsValid(clock)) throw new ArgumentException("--clock must be wall or cpu.");
        int percentile = int.Parse(BenchSuites.Option(args, "--percentile", "50"), CultureInfo.InvariantCulture);
        if (percentile is < 0 or > 100) throw new ArgumentException("--percentile must be in 0..100.");
        double batchMilliseconds = double.Parse(BenchSuites.Option(args, "--batch-ms", "1"), CultureInfo.InvariantCulture);
        if (batchMilliseconds <= 0) throw new ArgumentException("--batch-ms must be positive.");
        return (clock == "cpu", percentile, batchMilliseconds);
    }

    /// <summary>Seconds per call on the chosen clock: warm-up, then batches of ≥ ~<paramref name="batchMilliseconds"/>
    /// until <paramref name="minSeconds"/> of that clock have passed (and at least 5 batches ran); returns the given
    /// percentile of the batches (50: the median; a low one with short batches picks the windows in which a loaded
    /// machine left this process alone).</summary>
    public static double SecondsPerCall(Action call, double minSeconds, bool cpu, int percentile, double batchMilliseconds)
    {
        long start = Now(cpu);
        int warmCalls = 0;
        do { call(); warmCalls++; } while (warmCalls < 3 || Seconds(Now(cpu) - start, cpu) < 0.05);
        double perCall = Seconds(Now(cpu) - start, cpu) / warmCalls;
        int batch = (int)Math.Clamp(batchMilliseconds * 1e-3 / Math.Max(perCall, 1e-9), 1, 100_000);

        var samples = new List<double>();
        long begin = Now(cpu);
        while (samples.Count < 5 || Seconds(Now(cpu) - begin, cpu) < minSeconds)
        {
            long t0 = Now(cpu);
            for (int i = 0; i < batch; i++) call();
            samples.Add(Seconds(Now(cpu) - t0, cpu) / batch);
            if (samples.Count >= 2000) break;
        }
        samples.Sort();
        return samples[Math.Min(samples.Count - 1, samples.Count * percentile / 100)];
    }

    private static long Now(bool cpu)
    {
        if (!cpu) return Stopwatch.GetTimestamp();
        if (!ThreadClock.TryNanoseconds(out long nanoseconds))
            throw new InvalidOperationException("clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed; use --clock wall.");
        return nanoseconds;
    }

    private static double Seconds(long ticks, bool cpu) => cpu ? ticks / 1e9 : (double)ticks / Stopwatch.Frequency;
}
