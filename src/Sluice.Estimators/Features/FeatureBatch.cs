namespace Sluice.Estimators.Features;

/// <summary>
/// Examples after feature columns ran: a dense block [Count, DenseWidth] for the DNN's fixed inputs, the linear
/// model's (row, value) entries and one id list per embedding column. A training set is featurised once into one of
/// these; prediction reuses one per predictor.
/// </summary>
internal sealed class FeatureBatch
{
    public FeatureBatch(FeatureLayout layout)
    {
        Layout = layout;
        Linear = new SparseRows();
        EmbeddingIds = [.. layout.Embeddings.Select(_ => new SparseRows())];
    }

    public FeatureLayout Layout { get; }
    public int Count { get; set; }
    public float[] Dense { get; private set; } = [];
    public SparseRows Linear { get; }
    public SparseRows[] EmbeddingIds { get; }

    public Span<float> DenseRow(int row) => Dense.AsSpan(row * Layout.DenseWidth, Layout.DenseWidth);

    public void Clear(int rows)
    {
        int needed = rows * Layout.DenseWidth;
        if (Dense.Length < needed) Dense = new float[needed];
        else Array.Clear(Dense, 0, needed);
        Linear.Clear(rows);
        foreach (var e in EmbeddingIds) e.Clear(rows);
        Count = 0;
    }
}
