using System.Diagnostics;

namespace Sluice.Kernels;

/// <summary>
/// Runs <c>work(part, state)</c> for every part in [0, parts) on the calling thread plus persistent worker threads,
/// and returns when all parts are done. Allocation-free per call: the job is a function pointer and a pointer to
/// caller-owned state (valid because the caller blocks until the job is done). One job at a time: a caller that
/// finds the workers busy (another thread is mid-GEMM) simply runs every part itself. Parts should share their
/// work dynamically (e.g. take strips from a counter): a worker the OS has not scheduled by the time the caller is
/// done is withdrawn, so its part may never run. When workers are late several jobs in a row (the machine is
/// oversubscribed, so a second thread only adds handoffs and cache misses), the caller works alone for a while and
/// then tries again. The while is wall time, not a job count: 64 solo jobs are a few hundred microseconds of small
/// GEMMs but six seconds of 2048² ones, which kept a briefly disturbed large workload on one core far too long.
/// </summary>
internal static unsafe class ParallelRunner
{
    private static readonly Lock StartLock = new();
    private static KernelWorker[] workers = [];
    private static int busy;
    private const int LateJobsBeforeBackOff = 3;
    private static readonly long BackOffTicks = Stopwatch.Frequency / 50; // 20 ms
    private static int lateStreak;
    private static long soloUntil;

    /// <summary>Runs the parts; part 0 always runs on the calling thread.</summary>
    public static void Run(int parts, delegate*<int, void*, void> work, void* state)
    {
        if (parts <= 1 || Interlocked.CompareExchange(ref busy, 1, 0) != 0)
        {
            for (int part = 0; part < parts; part++) work(part, state);
            return;
        }
        if (Stopwatch.GetTimestamp() < Volatile.Read(ref soloUntil))
        {
            Volatile.Write(ref busy, 0);
            for (int part = 0; part < parts; part++) work(part, state);
            return;
        }
        try
        {
            KernelWorker[] pool = EnsureWorkers(parts - 1);
            int helpers = Math.Min(parts - 1, pool.Length);
            long start = Stopwatch.GetTimestamp();
            for (int w = 0; w < helpers; w++) pool[w].Post(work, state, w + 1);
            work(0, state);
            // Parts beyond the pool size (more parts than threads) run here too.
            for (int part = helpers + 1; part < parts; part++) work(part, state);
            // A worker is late when it keeps the caller waiting longer than the caller's own share took: past that
            // point the job took longer than the caller alone would have (its share is about half of the work).
            // Waiting for a worker that is finishing its last strip is normal on a long job (a strip of a 2048² GEMM
            // takes ~15 ms). A fixed 50 µs sent every large 2-thread GEMM into the solo back-off, so square2048 ran
            // slower with 2 threads than 1; a quarter of the caller's share still sent square256 (≈ 110 µs a call)
            // solo for 25–70 % of its calls on this VM, whose hypervisor delays a thread by tens of microseconds.
            long allowedWait = Stopwatch.GetTimestamp() - start;
            bool onTime = true;
            for (int w = 0; w < helpers; w++) onTime &= pool[w].Complete(allowedWait);
            lateStreak = onTime ? 0 : lateStreak + 1;
            if (lateStreak >= LateJobsBeforeBackOff)
            {
                lateStreak = 0;
                Volatile.Write(ref soloUntil, Stopwatch.GetTimestamp() + BackOffTicks);
            }
        }
        finally
        {
            Volatile.Write(ref busy, 0);
        }
    }

    private static KernelWorker[] EnsureWorkers(int wanted)
    {
        KernelWorker[] current = Volatile.Read(ref workers);
        if (current.Length >= wanted) return current;
        lock (StartLock)
        {
            current = workers;
            if (current.Length >= wanted) return current;
            var grown = new KernelWorker[wanted];
            Array.Copy(current, grown, current.Length);
            for (int w = current.Length; w < wanted; w++) grown[w] = new KernelWorker(w + 1);
            Volatile.Write(ref workers, grown);
            return grown;
        }
    }
}
