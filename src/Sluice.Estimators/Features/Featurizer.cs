using Sluice.Data.Columns;
using Sluice.Estimators.FeatureColumns;

namespace Sluice.Estimators.Features;

/// <summary>Runs the feature columns of a <see cref="FeatureLayout"/> over a <see cref="ColumnBatch"/> into a <see cref="FeatureBatch"/>.</summary>
internal sealed class Featurizer
{
    private readonly FeatureLayout _layout;
    private readonly int[] _ids;
    private readonly float[] _weights;

    public Featurizer(FeatureLayout layout)
    {
        _layout = layout;
        int scratch = 64;
        foreach (var c in layout.LinearColumns.Concat(layout.DnnColumns)) scratch = Math.Max(scratch, MaxIds(c));
        _ids = new int[scratch];
        _weights = new float[scratch];
    }

    /// <summary>Refills <paramref name="target"/> with the first <paramref name="rows"/> rows of <paramref name="batch"/>.</summary>
    public void Featurize(ColumnBatch batch, int rows, FeatureBatch target)
    {
        target.Clear(rows);
        for (int row = 0; row < rows; row++) FeaturizeRow(batch, row, target, row);
        target.Count = rows;
    }

    private void FeaturizeRow(ColumnBatch batch, int row, FeatureBatch target, int outRow)
    {
        var linear = _layout.LinearColumns;
        for (int c = 0; c < linear.Length; c++)
        {
            int offset = _layout.LinearOffsets[c];
            switch (linear[c])
            {
                case NumericColumn n:
                    float value = n.Read(batch, row);
                    if (value != 0f) target.Linear.Add(offset, value);
                    break;
                case CategoricalColumn cat:
                    AddIds(cat, batch, row, target.Linear, offset);
                    break;
                case IndicatorColumn ind:
                    AddIds(ind.Categorical, batch, row, target.Linear, offset);
                    break;
            }
        }
        target.Linear.EndRow();

        Span<float> dense = target.DenseRow(outRow);
        foreach (var segment in _layout.Segments)
        {
            switch (segment.Column)
            {
                case EmbeddingColumn e:
                    AddIds(e.Categorical, batch, row, target.EmbeddingIds[segment.EmbeddingIndex], 0);
                    target.EmbeddingIds[segment.EmbeddingIndex].EndRow();
                    break;
                case NumericColumn n:
                    dense[segment.DenseOffset] = n.Read(batch, row);
                    break;
                case BucketizedColumn b:
                    dense[segment.DenseOffset + b.BucketOf(b.Source.ReadRaw(batch, row))] = 1f;
                    break;
                case IndicatorColumn ind:
                    int count = ind.Categorical.WriteIds(batch, row, _ids, _weights);
                    for (int i = 0; i < count; i++) dense[segment.DenseOffset + _ids[i]] += _weights[i];
                    break;
            }
        }
    }

    private void AddIds(CategoricalColumn column, ColumnBatch batch, int row, SparseRows rows, int offset)
    {
        int count = column.WriteIds(batch, row, _ids, _weights);
        for (int i = 0; i < count; i++) rows.Add(offset + _ids[i], _weights[i]);
    }

    private static int MaxIds(FeatureColumn column) => column switch
    {
        CategoricalColumn c => c.MaxIdsPerRow,
        IndicatorColumn i => i.Categorical.MaxIdsPerRow,
        EmbeddingColumn e => e.Categorical.MaxIdsPerRow,
        _ => 1,
    };
}
