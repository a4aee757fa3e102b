namespace Sluice.Kernels;

/// <summary>
/// How many threads a parallel kernel (today: <see cref="Gemm"/>) may use when the call does not say.
/// Every parallel kernel also takes an explicit <c>maxThreads</c> argument that wins over this default.
/// </summary>
public static class KernelThreads
{
    private static int count = DefaultCount();

    /// <summary>
    /// Default thread cap: the processor count, or <c>SLUICE_KERNEL_THREADS</c> when set. Kernels use fewer threads
    /// when the work is too small to pay for a handoff; results never depend on the thread count.
    /// </summary>
    public static int Count
    {
        get => Volatile.Read(ref count);
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, 1);
            Volatile.Write(ref count, value);
        }
    }

    /// <summary>An explicit positive cap wins; 0 (or negative) means "use <see cref="Count"/>".</summary>
    internal static int Resolve(int maxThreads) => maxThreads > 0 ? maxThreads : Count;

    private static int DefaultCount()
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("SLUICE_KERNEL_THREADS");
        if (int.TryParse(fromEnvironment, out int parsed) && parsed > 0) return parsed;
        return Math.Max(1, Environment.ProcessorCount);
    }
}
