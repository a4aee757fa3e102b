namespace Sluice.Learning.Optimizers;

/// <summary>
/// Reusable buffers for deduplicating a sparse update: a marker per variable row (−1 when the row is not in the
/// current call; reset after each call, so it costs O(touched rows)) and per-unique-row bookkeeping sized to the
/// largest id count seen so far.
/// </summary>
internal sealed class SparseScratch
{
    private readonly int[] _rowMarkers;
    private readonly int _width;
    private int[] _uniqueRows = [];
    private int[] _firstPositions = [];
    private bool[] _summed = [];
    private float[] _sums = [];

    public SparseScratch(int rows, int width)
    {
        _rowMarkers = new int[rows];
        Array.Fill(_rowMarkers, -1);
        _width = width;
    }

    public void EnsureCapacity(int ids)
    {
        if (_uniqueRows.Length >= ids) return;
        int capacity = Math.Max(ids, _uniqueRows.Length * 2);
        _uniqueRows = new int[capacity];
        _firstPositions = new int[capacity];
        _summed = new bool[capacity];
        _sums = new float[capacity * _width];
    }

    public Span<int> RowMarkers => _rowMarkers;
    public Span<int> UniqueRows => _uniqueRows;
    public Span<int> FirstPositions => _firstPositions;
    public Span<bool> Summed => _summed;
    public Span<float> Sums => _sums;
}
