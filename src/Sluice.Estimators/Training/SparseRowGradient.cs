namespace Sluice.Estimators.Training;

/// <summary>
/// The gradient of a table read by id (linear weights, embeddings): rows are accumulated as ids arrive and only the
/// touched rows are visited and cleared, so a step costs O(ids in the batch), not O(table size).
/// </summary>
internal sealed class SparseRowGradient
{
    private readonly float[] _values;
    private readonly bool[] _isTouched;
    private readonly int[] _touched;

    public SparseRowGradient(int rows, int cols)
    {
        Cols = cols;
        _values = new float[rows * cols];
        _isTouched = new bool[rows];
        _touched = new int[rows];
    }

    public int Cols { get; }
    public int TouchedCount { get; private set; }
    public ReadOnlySpan<int> Touched => _touched.AsSpan(0, TouchedCount);

    public Span<float> Row(int row) => _values.AsSpan(row * Cols, Cols);

    /// <summary>row += scale · values</summary>
    public void Add(int row, float scale, ReadOnlySpan<float> values)
    {
        if (!_isTouched[row])
        {
            _isTouched[row] = true;
            _touched[TouchedCount++] = row;
        }
        Model.DenseMath.Axpy(scale, values, Row(row));
    }

    public void Add(int row, float value)
    {
        if (!_isTouched[row])
        {
            _isTouched[row] = true;
            _touched[TouchedCount++] = row;
        }
        _values[row * Cols] += value;
    }

    public double SquaredNorm()
    {
        double sum = 0;
        foreach (int row in Touched) foreach (float g in Row(row)) sum += g * g;
        return sum;
    }

    public void Scale(float factor)
    {
        foreach (int row in Touched)
        {
            var r = Row(row);
            for (int i = 0; i < r.Length; i++) r[i] *= factor;
        }
    }

    public void Clear()
    {
        foreach (int row in Touched)
        {
            Row(row).Clear();
            _isTouched[row] = false;
        }
        TouchedCount = 0;
    }
}
