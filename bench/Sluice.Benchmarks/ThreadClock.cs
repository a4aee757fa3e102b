using System.Runtime.InteropServices;

namespace Sluice.Benchmarks;

/// <summary>
/// CPU time of the calling thread (Linux CLOCK_THREAD_CPUTIME_ID). On the shared, overloaded machine wall time
/// mostly measures the scheduler; the thread's CPU time measures the work itself. Used by the csv and gemm suites.
/// </summary>
internal static partial class ThreadClock
{
    private const int ClockThreadCpuTime = 3;

    [StructLayout(LayoutKind.Sequential)]
    private struct TimeSpec
    {
        public long Seconds;
        public long Nanoseconds;
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, out TimeSpec time);

    /// <summary>The thread's CPU time in nanoseconds; false where the clock is unavailable (not Linux).</summary>
    public static bool TryNanoseconds(out long nanoseconds)
    {
        if (OperatingSystem.IsLinux() && ClockGetTime(ClockThreadCpuTime, out var t) == 0)
        {
            nanoseconds = t.Seconds * 1_000_000_000L + t.Nanoseconds;
            return true;
        }
        nanoseconds = 0;
        return false;
    }

    /// <summary>The thread's CPU seconds, or wall-clock seconds where the CPU clock is unavailable.</summary>
    public static double Seconds()
        => TryNanoseconds(out long nanoseconds)
            ? nanoseconds * 1e-9
            : System.Diagnostics.Stopwatch.GetTimestamp() / (double)System.Diagnostics.Stopwatch.Frequency;
}
