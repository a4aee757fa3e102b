namespace Sluice.Board.Logdir;

/// <summary>
/// All points of one (run, tag) series in arrival order, stored as three growable columns (no object per point).
/// One writer (the run's tail loop, serialised by <see cref="RunState"/>) appends while request threads read,
/// without locks: the writer fills a slot and then publishes the new count; growing copies into new columns and
/// publishes them before any count beyond the old capacity, so a reader that sees count n also sees columns
/// holding n points. Old columns are never written again, so a reader's view stays consistent.
/// </summary>
internal sealed class ScalarSeries
{
    private Columns _columns = new(16);
    private int _count;
    private Scalars.ChartView? _lastChartView;

    public ScalarSeries(string tag) => Tag = tag;

    public string Tag { get; }

    public int Count => Volatile.Read(ref _count);

    /// <summary>The last chart view computed for this series (reused while it still matches); any thread may replace it.</summary>
    public Scalars.ChartView? LastChartView
    {
        get => Volatile.Read(ref _lastChartView);
        set => Volatile.Write(ref _lastChartView, value);
    }

    /// <summary>Appends a point. Single writer only.</summary>
    public void Add(long step, double wallTime, float value)
    {
        Columns columns = _columns;
        int n = _count;
        if (n == columns.Steps.Length) columns = Grow(columns, n);
        columns.Steps[n] = step;
        columns.WallTimes[n] = wallTime;
        columns.Values[n] = value;
        Volatile.Write(ref _count, n + 1);
    }

    /// <summary>Runs <paramref name="read"/> over a consistent snapshot of the columns (safe alongside the writer).</summary>
    public TResult Read<TState, TResult>(TState state, SeriesReader<TState, TResult> read)
    {
        int n = Volatile.Read(ref _count);
        Columns columns = Volatile.Read(ref _columns);
        return read(state, columns.Steps.AsSpan(0, n), columns.WallTimes.AsSpan(0, n), columns.Values.AsSpan(0, n));
    }

    private Columns Grow(Columns old, int count)
    {
        var grown = new Columns(old.Steps.Length * 2);
        old.Steps.AsSpan(0, count).CopyTo(grown.Steps);
        old.WallTimes.AsSpan(0, count).CopyTo(grown.WallTimes);
        old.Values.AsSpan(0, count).CopyTo(grown.Values);
        Volatile.Write(ref _columns, grown);
        return grown;
    }

    private sealed class Columns(int capacity)
    {
        // Uninitialised: every slot is written before the count that exposes it is published. Pinned-heap arrays are
        // never moved by the GC, so hundreds of MB of long-lived columns are not copied from generation to generation
        // (measured: ingest cost over the bare scan fell from ~2.3x to ~1.6x).
        public readonly long[] Steps = GC.AllocateUninitializedArray<long>(capacity, pinned: true);
        public readonly double[] WallTimes = GC.AllocateUninitializedArray<double>(capacity, pinned: true);
        public readonly float[] Values = GC.AllocateUninitializedArray<float>(capacity, pinned: true);
    }
}
