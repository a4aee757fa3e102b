namespace Sluice.TestKit;

/// <summary>Measures the managed bytes a piece of work allocates on the calling thread once it is warm.</summary>
public static class Allocations
{
    /// <summary>
    /// Runs <paramref name="work"/> in windows of <paramref name="repeats"/> calls and returns the bytes allocated by
    /// the last window, stopping early at a window that allocated nothing. The tiered JIT (tier-up, on-stack
    /// replacement of the caller's loops) can allocate on the calling thread in the first windows whatever the
    /// warm-up; a steady state that still allocates shows up in every window and so in the result.
    /// </summary>
    public static long PerWindowAfterWarmUp(Action work, int repeats, int maxWindows = 6)
    {
        long allocated = 0;
        for (int window = 0; window < maxWindows; window++)
        {
            allocated = MeasureWindow(work, repeats);
            if (allocated == 0) return 0;
        }
        return allocated;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
    private static long MeasureWindow(Action work, int repeats)
    {
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < repeats; i++) work();
        return GC.GetAllocatedBytesForCurrentThread() - before;
    }
}
