using Sluice.Data.Columns;
using Sluice.Estimators.Features;
using Sluice.Estimators.Heads;

namespace Sluice.Estimators.Training;

/// <summary>A whole (small) data set featurised once: feature arrays plus labels and weights per example.</summary>
internal sealed class FeaturizedData
{
    private FeaturizedData(FeatureBatch features, float[] labels, float[] weights)
    {
        Features = features;
        Labels = labels;
        Weights = weights;
    }

    public FeatureBatch Features { get; }
    public float[] Labels { get; }
    public float[] Weights { get; }
    public int Count => Features.Count;

    public static FeaturizedData Create(FeatureLayout layout, HeadOptions head, ColumnBatch batch)
    {
        int rows = batch.RowCount;
        var features = new FeatureBatch(layout);
        new Featurizer(layout).Featurize(batch, rows, features);
        var labels = new float[rows];
        var weights = new float[rows];
        new LabelReader(head).Read(batch, rows, labels, weights);
        return new FeaturizedData(features, labels, weights);
    }
}
