namespace Sluice.Estimators.Model;

/// <summary>A named trainable matrix [Rows, Cols] (TF-style names such as <c>dnn/hiddenlayer_0/kernel</c>).</summary>
internal sealed class Variable(string name, int rows, int cols)
{
    public string Name { get; } = name;
    public int Rows { get; } = rows;
    public int Cols { get; } = cols;
    public float[] Values { get; } = new float[rows * cols];

    public Span<float> Row(int row) => Values.AsSpan(row * Cols, Cols);
}
