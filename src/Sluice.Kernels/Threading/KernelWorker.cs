using System.Diagnostics;

namespace Sluice.Kernels;

/// <summary>
/// One persistent background thread. After a job it spins for a while (back-to-back GEMMs in a training step hand off
/// in well under a microsecond), then sleeps on a semaphore so an idle process costs no CPU. It spins at least 50 µs
/// and up to as long as its last job took (at most 4 ms): the caller posts the next job only once it has finished its
/// own share, which on a large job can be a whole strip (milliseconds) after the worker finished. A worker that fell
/// asleep in that gap took so long to wake on this VM (an idle virtual CPU has to be woken by the hypervisor) that the
/// caller had taken most strips before the worker claimed one: a 1024² GEMM ran 1.3× faster on 2 threads than on 1,
/// with the worker busy 6–87 % of the time. A spin no longer than the job itself at most doubles the worker's CPU
/// time for work it just helped with, and past 50 µs it yields the core to any other runnable thread between checks.
/// A posted job that the worker has not claimed yet can be withdrawn by the caller
/// (it did all the work itself, e.g. because the OS had not scheduled this thread): the caller never waits for a
/// worker that is not running.
/// </summary>
internal sealed unsafe class KernelWorker
{
    private const int Idle = 0, Posted = 1, Claimed = 2, Finished = 3;
    private static readonly long SpinTicks = Stopwatch.Frequency / 20_000; // 50 µs
    private static readonly long MaxSpinTicks = Stopwatch.Frequency / 250; // 4 ms
    private static readonly long LateTicks = Stopwatch.Frequency / 20_000; // 50 µs

    private readonly SemaphoreSlim wake = new(0);
    private delegate*<int, void*, void> work;
    private void* state;
    private int part;
    private int job = Idle;   // Idle → Posted (caller) → Claimed (worker) → Finished (worker), or Posted → Finished (caller withdraws)
    private int sequence;     // bumped by Post; wakes the worker
    private int sleeping;     // 1 while the worker is (about to be) blocked on wake
    private long lastJobTicks; // how long the worker's last job took (worker thread only)
    private Exception? failure;

    public KernelWorker(int index)
    {
        var thread = new Thread(Loop) { IsBackground = true, Name = $"Sluice kernel worker {index}" };
        thread.Start();
    }

    public void Post(delegate*<int, void*, void> jobWork, void* jobState, int jobPart)
    {
        work = jobWork;
        state = jobState;
        part = jobPart;
        Volatile.Write(ref job, Posted);
        Interlocked.Increment(ref sequence);
        // Whoever flips `sleeping` from 1 to 0 owns the wake-up: exactly one Release per Wait.
        if (Interlocked.Exchange(ref sleeping, 0) == 1) wake.Release();
    }

    /// <summary>
    /// Returns once the posted job is finished or withdrawn; rethrows a failure of the job. False when the worker was
    /// late: it had not claimed the job by the time the caller was done, or the caller then waited longer than
    /// <paramref name="allowedWaitTicks"/> (at least 50 µs) for it.
    /// </summary>
    public bool Complete(long allowedWaitTicks)
    {
        bool onTime = true;
        if (Interlocked.CompareExchange(ref job, Finished, Posted) == Posted)
        {
            onTime = false;
        }
        else
        {
            long start = Stopwatch.GetTimestamp();
            var spinner = new SpinWait();
            while (Volatile.Read(ref job) != Finished) spinner.SpinOnce(sleep1Threshold: -1);
            onTime = Stopwatch.GetTimestamp() - start < Math.Max(LateTicks, allowedWaitTicks);
        }
        Volatile.Write(ref job, Idle);
        if (failure is { } error)
        {
            failure = null;
            throw new InvalidOperationException("A kernel worker thread failed.", error);
        }
        return onTime;
    }

    private void Loop()
    {
        int seen = 0;
        while (true)
        {
            if (!SpinForPost(seen))
            {
                Interlocked.Exchange(ref sleeping, 1);
                if (Volatile.Read(ref sequence) == seen || Interlocked.Exchange(ref sleeping, 0) == 0)
                    wake.Wait();
            }
            seen = Volatile.Read(ref sequence);
            if (Interlocked.CompareExchange(ref job, Claimed, Posted) != Posted) continue; // withdrawn
            long started = Stopwatch.GetTimestamp();
            try
            {
                work(part, state);
            }
            catch (Exception error)
            {
                failure = error;
            }
            lastJobTicks = Stopwatch.GetTimestamp() - started;
            Volatile.Write(ref job, Finished);
        }
    }

    private bool SpinForPost(int seen)
    {
        long start = Stopwatch.GetTimestamp();
        long spin = Math.Clamp(lastJobTicks, SpinTicks, MaxSpinTicks);
        while (Stopwatch.GetTimestamp() - start < spin)
        {
            for (int i = 0; i < 64; i++)
            {
                if (Volatile.Read(ref sequence) != seen) return true;
                Thread.SpinWait(4);
            }
            // Past the first 50 µs, offer the core to any other runnable thread between checks: on an idle core the
            // yield returns at once (the worker stays awake and quick to claim), on a busy machine the longer wait
            // does not take CPU from other work.
            if (Stopwatch.GetTimestamp() - start >= SpinTicks) Thread.Yield();
        }
        return Volatile.Read(ref sequence) != seen;
    }
}
