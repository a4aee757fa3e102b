using Sluice.Data.Columns;

namespace Sluice.Data.Pipeline;

/// <summary>
/// Opens the upstream once per epoch (a fresh source each time, so a shuffle below reshuffles). Epochs &lt; 0 means
/// forever; an epoch that yields no rows ends the stream (an empty data set repeated forever is empty).
/// </summary>
internal sealed class RepeatRowSource(Func<long, IRowSource> open, long firstEpoch, long epochs) : IRowSource
{
    private long _epoch;
    private IRowSource? _current;
    private bool _epochHadRows;

    public ColumnBatch? Next()
    {
        while (epochs < 0 || _epoch < epochs)
        {
            _current ??= open(firstEpoch + _epoch);
            if (_current.Next() is { } rows)
            {
                _epochHadRows = true;
                return rows;
            }
            _current.Dispose();
            _current = null;
            _epoch++;
            if (!_epochHadRows) return null;
            _epochHadRows = false;
        }
        return null;
    }

    public void Dispose() => _current?.Dispose();
}
