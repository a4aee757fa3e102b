namespace Sluice.Board.Logdir;

/// <summary>
/// All points of one (run, tag) series in arrival order, stored as three growable columns (no object per point).
/// One loader thread appends while request threads read; a lock per series keeps them consistent.
/// </summary>
internal sealed class ScalarSeries
{
    private readonly Lock _gate = new();
    private long[] _steps = new long[16];
    private double[] _wallTimes = new double[16];
    private float[] _values = new float[16];
    private int _count;

    public ScalarSeries(string tag) => Tag = tag;

    public string Tag { get; }

    public int Count
    {
        get { lock (_gate) return _count; }
    }

    public void Add(long step, double wallTime, float value)
    {
        lock (_gate)
        {
            if (_count == _steps.Length)
            {
                int capacity = _count * 2;
                Array.Resize(ref _steps, capacity);
                Array.Resize(ref _wallTimes, capacity);
                Array.Resize(ref _values, capacity);
            }
            _steps[_count] = step;
            _wallTimes[_count] = wallTime;
            _values[_count] = value;
            _count++;
        }
    }

    /// <summary>Runs <paramref name="read"/> over a consistent view of the columns (under the series lock).</summary>
    public TResult Read<TState, TResult>(TState state, SeriesReader<TState, TResult> read)
    {
        lock (_gate)
            return read(state, _steps.AsSpan(0, _count), _wallTimes.AsSpan(0, _count), _values.AsSpan(0, _count));
    }
}
