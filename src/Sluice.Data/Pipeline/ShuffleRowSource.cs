using Sluice.Data.Columns;

namespace Sluice.Data.Pipeline;

/// <summary>
/// The bounded-buffer shuffle of tf.data: fill a buffer of N rows; then for every incoming row emit a uniformly
/// chosen buffered row and put the incoming one in its slot; at the end drain the buffer in random order. Memory is
/// N rows whatever the file size; a row can move at most about N positions earlier, arbitrarily later.
/// </summary>
internal sealed class ShuffleRowSource : IRowSource
{
    private readonly IRowSource _upstream;
    private readonly int _bufferRows;
    private SeededRandom _random;
    private RowBuffer? _buffer;
    private ColumnBatch? _output;
    private int _filled;
    private bool _upstreamDone;

    private const int OutputChunkRows = 1024;

    public ShuffleRowSource(IRowSource upstream, int bufferRows, ulong seed)
    {
        _upstream = upstream;
        _bufferRows = bufferRows;
        _random = new SeededRandom(seed);
    }

    private ColumnBatch? _pending;   // the upstream chunk being consumed, and the next row in it
    private int _pendingRow;

    public ColumnBatch? Next()
    {
        _output?.Reset();
        while (!_upstreamDone && (_output is null || _output.RowCount < OutputChunkRows))
        {
            if (_pending is null || _pendingRow >= _pending.RowCount)
            {
                _pending = _upstream.Next();
                _pendingRow = 0;
                if (_pending is null)
                {
                    _upstreamDone = true;
                    break;
                }
                _buffer ??= new RowBuffer(_pending, _bufferRows);
                _output ??= _pending.CreateEmptyLike(OutputChunkRows);
            }
            var rows = _pending;
            while (_pendingRow < rows.RowCount && _output!.RowCount < OutputChunkRows)
            {
                int r = _pendingRow++;
                if (_filled < _bufferRows)
                {
                    _buffer!.Store(_filled++, rows, r);
                    continue;
                }
                int slot = _random.NextInt(_bufferRows);
                _buffer!.AppendTo(_output, slot);
                _buffer.Store(slot, rows, r);
            }
        }
        if (_upstreamDone && _buffer is not null)
        {
            // Drain: move a random remaining slot to the end of the live range and emit it.
            while (_filled > 0 && _output!.RowCount < OutputChunkRows)
            {
                int slot = _random.NextInt(_filled);
                _buffer.AppendTo(_output, slot);
                _filled--;
                if (slot != _filled) Swap(slot, _filled);
            }
        }
        return _output is { RowCount: > 0 } ? _output : null;
    }

    private ColumnBatch? _swapRow;

    private void Swap(int slot, int last)
    {
        // Move the last live slot into the emitted one (one row through a tiny scratch batch).
        _swapRow ??= _output!.CreateEmptyLike(1);
        _swapRow.Reset();
        _buffer!.AppendTo(_swapRow, last);
        _buffer.Store(slot, _swapRow, 0);
    }

    public void Dispose() => _upstream.Dispose();
}
