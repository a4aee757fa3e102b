namespace Sluice.Estimators.Training;

/// <summary>
/// The gradient of a table read by id (linear weights, embeddings). Rows are packed in the order they are first
/// touched, so <see cref="TouchedRows"/> and <see cref="PackedValues"/> are exactly the (row indices, row gradients)
/// pair a sparse optimizer update takes; a step costs O(ids in the batch), not O(table size).
/// </summary>
internal sealed class SparseRowGradient
{
    private readonly float[] _packed;
    private readonly int[] _slotOfRow;
    private readonly int[] _touched;

    public SparseRowGradient(int rows, int cols)
    {
        Cols = cols;
        _packed = new float[rows * cols];
        _slotOfRow = new int[rows];
        Array.Fill(_slotOfRow, -1);
        _touched = new int[rows];
    }

    public int Cols { get; }
    public int TouchedCount { get; private set; }

    /// <summary>(touched) the table rows touched this step, in first-touch order.</summary>
    public ReadOnlySpan<int> TouchedRows => _touched.AsSpan(0, TouchedCount);

    /// <summary>(touched·cols) the gradient rows aligned with <see cref="TouchedRows"/>.</summary>
    public Span<float> PackedValues => _packed.AsSpan(0, TouchedCount * Cols);

    /// <summary>The gradient of table row <paramref name="row"/> (creating it, zero, on first touch).</summary>
    public Span<float> Row(int row)
    {
        int slot = _slotOfRow[row];
        if (slot < 0)
        {
            slot = _slotOfRow[row] = TouchedCount;
            _touched[TouchedCount++] = row;
        }
        return _packed.AsSpan(slot * Cols, Cols);
    }

    /// <summary>row += scale · values</summary>
    public void Add(int row, float scale, ReadOnlySpan<float> values) => Model.DenseMath.Axpy(scale, values, Row(row));

    public void Add(int row, float value) => Row(row)[0] += value;

    public void Clear()
    {
        foreach (int row in TouchedRows) _slotOfRow[row] = -1;
        PackedValues.Clear();
        TouchedCount = 0;
    }
}
