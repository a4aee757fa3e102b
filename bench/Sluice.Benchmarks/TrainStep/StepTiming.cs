using System.Diagnostics;

namespace Sluice.Benchmarks.TrainStep;

/// <summary>
/// Median and best per-call time. The machine is shared (load averages of 30–40 were seen), so the best batch is the
/// closest measure of the code's own cost; the median shows what a busy machine gives.
/// </summary>
internal static class StepTiming
{
    public static (double Median, double Best) Measure(Action call, double seconds)
    {
        long start = Stopwatch.GetTimestamp();
        int warm = 0;
        do { call(); warm++; } while (warm < 5 || Stopwatch.GetElapsedTime(start).TotalSeconds < 0.1);
        double perCall = Stopwatch.GetElapsedTime(start).TotalSeconds / warm;
        int batch = (int)Math.Clamp(2e-4 / Math.Max(perCall, 1e-9), 1, 10_000);
        var samples = new List<double>();
        long begin = Stopwatch.GetTimestamp();
        while (samples.Count < 20 || Stopwatch.GetElapsedTime(begin).TotalSeconds < seconds)
        {
            long t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < batch; i++) call();
            samples.Add(Stopwatch.GetElapsedTime(t0).TotalSeconds / batch);
            if (samples.Count >= 20_000) break;
        }
        samples.Sort();
        return (samples[samples.Count / 2], samples[0]);
    }
}
