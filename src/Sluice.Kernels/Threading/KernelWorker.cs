using System.Diagnostics;

namespace Sluice.Kernels;

/// <summary>
/// One persistent background thread. After a job it spins briefly (back-to-back GEMMs in a training step hand off in
/// well under a microsecond), then sleeps on a semaphore so an idle process costs no CPU.
/// </summary>
internal sealed unsafe class KernelWorker
{
    private static readonly long SpinTicks = Stopwatch.Frequency / 20_000; // 50 µs

    private readonly SemaphoreSlim wake = new(0);
    private delegate*<int, void*, void> work;
    private void* state;
    private int part;
    private int sequence;  // bumped by Start; the worker runs one job per bump
    private int sleeping;  // 1 while the worker is (about to be) blocked on wake
    private int done = 1;
    private Exception? failure;

    public KernelWorker(int index)
    {
        var thread = new Thread(Loop) { IsBackground = true, Name = $"Sluice kernel worker {index}" };
        thread.Start();
    }

    public void Start(delegate*<int, void*, void> job, void* jobState, int jobPart)
    {
        work = job;
        state = jobState;
        part = jobPart;
        Volatile.Write(ref done, 0);
        Interlocked.Increment(ref sequence);
        // Whoever flips `sleeping` from 1 to 0 owns the wake-up: exactly one Release per Wait.
        if (Interlocked.Exchange(ref sleeping, 0) == 1) wake.Release();
    }

    public void WaitDone()
    {
        var spinner = new SpinWait();
        while (Volatile.Read(ref done) == 0) spinner.SpinOnce(sleep1Threshold: -1);
        if (failure is { } error)
        {
            failure = null;
            throw new InvalidOperationException("A kernel worker thread failed.", error);
        }
    }

    private void Loop()
    {
        int seen = 0;
        while (true)
        {
            if (!SpinForJob(seen))
            {
                Interlocked.Exchange(ref sleeping, 1);
                if (Volatile.Read(ref sequence) == seen || Interlocked.Exchange(ref sleeping, 0) == 0)
                    wake.Wait();
            }
            seen = Volatile.Read(ref sequence);
            try
            {
                work(part, state);
            }
            catch (Exception error)
            {
                failure = error;
            }
            Volatile.Write(ref done, 1);
        }
    }

    private bool SpinForJob(int seen)
    {
        long start = Stopwatch.GetTimestamp();
        while (Stopwatch.GetTimestamp() - start < SpinTicks)
        {
            for (int i = 0; i < 64; i++)
            {
                if (Volatile.Read(ref sequence) != seen) return true;
                Thread.SpinWait(4);
            }
        }
        return Volatile.Read(ref sequence) != seen;
    }
}
