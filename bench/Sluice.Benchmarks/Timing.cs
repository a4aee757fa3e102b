using System.Diagnostics;

namespace Sluice.Benchmarks;

/// <summary>Wall-clock timing used by every suite: warm up, then the median of repeated timed batches.</summary>
internal static class Timing
{
    /// <summary>
    /// Median seconds per call. Calls are grouped into batches of at least ~1 ms so the clock's resolution does not
    /// matter for tiny shapes; batches repeat until <paramref name="minSeconds"/> have passed (and at least 5 ran).
    /// </summary>
    public static double MedianSecondsPerCall(Action call, double minSeconds = 0.3)
    {
        // Warm-up: JIT, pack buffers, worker threads, caches; also sizes the batch.
        long start = Stopwatch.GetTimestamp();
        int warmCalls = 0;
        do { call(); warmCalls++; } while (warmCalls < 3 || Stopwatch.GetElapsedTime(start).TotalSeconds < 0.05);
        double perCall = Stopwatch.GetElapsedTime(start).TotalSeconds / warmCalls;
        int batch = (int)Math.Clamp(1e-3 / Math.Max(perCall, 1e-9), 1, 100_000);

        var samples = new List<double>();
        long begin = Stopwatch.GetTimestamp();
        while (samples.Count < 5 || Stopwatch.GetElapsedTime(begin).TotalSeconds < minSeconds)
        {
            long t0 = Stopwatch.GetTimestamp();
            for (int i = 0; i < batch; i++) call();
            samples.Add(Stopwatch.GetElapsedTime(t0).TotalSeconds / batch);
            if (samples.Count >= 2000) break;
        }
        samples.Sort();
        return samples[samples.Count / 2];
    }

    /// <summary>The 1-minute load average (how busy the shared machine was), or -1 where unavailable.</summary>
    public static double LoadAverage()
    {
        try
        {
            string text = File.ReadAllText("/proc/loadavg");
            return double.Parse(text.AsSpan(0, text.IndexOf(' ')), System.Globalization.CultureInfo.InvariantCulture);
        }
        catch (IOException) { return -1; }
        catch (UnauthorizedAccessException) { return -1; }
    }
}
