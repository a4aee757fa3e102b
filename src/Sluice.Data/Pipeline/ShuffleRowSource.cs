using Sluice.Data.Columns;

namespace Sluice.Data.Pipeline;

/// <summary>
/// The bounded-buffer shuffle of tf.data: fill a buffer of N rows; then for every incoming row emit a uniformly
/// chosen buffered row and put the incoming one in its slot; at the end drain the buffer in random order. Memory is
/// N rows whatever the file size; a row can move at most about N positions earlier, arbitrarily later. The random
/// slot choices for a run of rows are drawn first, then replayed column by column.
/// </summary>
internal sealed class ShuffleRowSource(IRowSource upstream, int bufferRows, ulong seed) : IRowSource
{
    private const int OutputChunkRows = 1024;

    private SeededRandom _random = new(seed);
    private RowBuffer? _buffer;
    private ColumnBatch? _output;
    private ColumnBatch? _pending;   // the upstream chunk being consumed, and the next row in it
    private int _pendingRow;
    private int _filled;
    private bool _upstreamDone;
    private readonly int[] _slots = new int[OutputChunkRows];
    private readonly int[] _moveFrom = new int[OutputChunkRows];

    public ColumnBatch? Next()
    {
        _output?.Reset();
        while (!_upstreamDone && (_output is null || _output.RowCount < OutputChunkRows))
        {
            if (_pending is null || _pendingRow >= _pending.RowCount)
            {
                _pending = upstream.Next();
                _pendingRow = 0;
                if (_pending is null)
                {
                    _upstreamDone = true;
                    break;
                }
                _buffer ??= new RowBuffer(_pending, bufferRows);
                _output ??= _pending.CreateEmptyLike(OutputChunkRows);
            }
            int available = _pending.RowCount - _pendingRow;
            if (_filled < bufferRows)
            {
                int fill = Math.Min(available, bufferRows - _filled);
                _buffer!.Fill(_pending, _pendingRow, fill, _filled);
                _filled += fill;
                _pendingRow += fill;
                continue;
            }
            int take = Math.Min(available, OutputChunkRows - _output!.RowCount);
            for (int i = 0; i < take; i++) _slots[i] = _random.NextInt(bufferRows);
            _buffer!.Exchange(_pending, _pendingRow, _slots.AsSpan(0, take), _output);
            _pendingRow += take;
        }
        if (_upstreamDone && _buffer is not null && _filled > 0)
        {
            // Drain: emit a random live slot, move the last live slot into it.
            int take = Math.Min(_filled, OutputChunkRows - _output!.RowCount);
            for (int i = 0; i < take; i++)
            {
                _slots[i] = _random.NextInt(_filled);
                _moveFrom[i] = --_filled;
            }
            _buffer.Drain(_slots.AsSpan(0, take), _moveFrom.AsSpan(0, take), _output);
        }
        return _output is { RowCount: > 0 } ? _output : null;
    }

    public void Dispose() => upstream.Dispose();
}
