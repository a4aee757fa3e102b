namespace Sluice.Estimators.Features;

/// <summary>
/// Per-example lists of (id, weight) in CSR form: example r owns entries [Start[r], Start[r + 1]). Buffers grow but
/// are reused across refills.
/// </summary>
internal sealed class SparseRows
{
    private int[] _start = new int[1];
    private int[] _ids = new int[16];
    private float[] _weights = new float[16];
    private int _rows;

    public int Rows => _rows;
    public ReadOnlySpan<int> Ids(int row) => _ids.AsSpan(_start[row], _start[row + 1] - _start[row]);
    public ReadOnlySpan<float> Weights(int row) => _weights.AsSpan(_start[row], _start[row + 1] - _start[row]);
    public int EntryCount => _start[_rows];

    public void Clear(int expectedRows)
    {
        if (_start.Length < expectedRows + 1) _start = new int[expectedRows + 1];
        _rows = 0;
        _start[0] = 0;
    }

    /// <summary>Opens the next example's list; append its entries, then call <see cref="EndRow"/>.</summary>
    public void Add(int id, float weight)
    {
        int at = _start[_rows] + _pending;
        if (at >= _ids.Length)
        {
            Array.Resize(ref _ids, _ids.Length * 2);
            Array.Resize(ref _weights, _weights.Length * 2);
        }
        _ids[at] = id;
        _weights[at] = weight;
        _pending++;
    }

    public void EndRow()
    {
        if (_rows + 2 > _start.Length) Array.Resize(ref _start, _start.Length * 2);
        _start[_rows + 1] = _start[_rows] + _pending;
        _rows++;
        _pending = 0;
    }

    private int _pending;
}
