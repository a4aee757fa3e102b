using Sluice.Board.Logdir;

namespace Sluice.Board.Tests.Logdir;

public sealed class ScalarSeriesTests
{
    [Fact]
    public void Points_come_back_in_order_across_growth()
    {
        var series = new ScalarSeries("loss");
        for (int i = 0; i < 1000; i++) series.Add(i * 10, 100 + i * 0.5, i * 0.25f);
        Assert.Equal(1000, series.Count);
        series.Read(0, (_, steps, walls, values) =>
        {
            for (int i = 0; i < 1000; i++)
            {
                Assert.Equal(i * 10, steps[i]);
                Assert.Equal(100 + i * 0.5, walls[i]);
                Assert.Equal(i * 0.25f, values[i]);
            }
            return 0;
        });
    }

    [Fact]
    public async Task Readers_running_alongside_the_writer_always_see_a_consistent_prefix()
    {
        const int Points = 300_000;
        var series = new ScalarSeries("loss");
        int badSnapshots = 0, snapshots = 0, lastSeen = 0;
        using var done = new ManualResetEventSlim();
        using var readerStarted = new ManualResetEventSlim();
        var reader = Task.Run(() =>
        {
            while (!done.IsSet || lastSeen < Points)
            {
                readerStarted.Set();
                int seen = series.Read(0, (_, steps, walls, values) =>
                {
                    for (int i = 0; i < steps.Length; i++)
                        if (steps[i] != i || walls[i] != i * 2.0 || values[i] != i) return -1;
                    return steps.Length;
                });
                if (seen < 0) Interlocked.Increment(ref badSnapshots);
                else if (seen < lastSeen) Interlocked.Increment(ref badSnapshots); // the count never goes back
                else lastSeen = seen;
                snapshots++;
            }
        });
        Assert.True(readerStarted.Wait(TimeSpan.FromSeconds(30)));
        for (int i = 0; i < Points; i++) series.Add(i, i * 2.0, i);
        done.Set();
        await reader.WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, badSnapshots);
        Assert.True(snapshots >= 1);
        Assert.Equal(Points, lastSeen);
    }
}
