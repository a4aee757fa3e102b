using System.Collections.Immutable;
using Sluice.Estimators.FeatureColumns;

namespace Sluice.Estimators.Features;

/// <summary>
/// Where every feature column lands in the model input. Linear columns get a block of rows in one shared weight table
/// (numeric: one row scaled by the value; categorical: one row per id). DNN columns are concatenated in sorted name
/// order (as TF's input_layer does) into one input row of <see cref="DnnInputWidth"/>.
/// </summary>
internal sealed class FeatureLayout
{
    public FeatureLayout(IEnumerable<FeatureColumn> linearColumns, IEnumerable<FeatureColumn> dnnColumns)
    {
        LinearColumns = [.. linearColumns.OrderBy(c => c.Name, StringComparer.Ordinal)];
        DnnColumns = [.. dnnColumns.OrderBy(c => c.Name, StringComparer.Ordinal)];
        FeatureColumn.EnsureUniqueNames(LinearColumns, "the linear feature columns");
        FeatureColumn.EnsureUniqueNames(DnnColumns, "the DNN feature columns");

        var offsets = ImmutableArray.CreateBuilder<int>();
        int rows = 0;
        foreach (var column in LinearColumns)
        {
            offsets.Add(rows);
            rows += column switch
            {
                NumericColumn => 1,
                CategoricalColumn c => c.NumBuckets,
                IndicatorColumn i => i.Categorical.NumBuckets,
                _ => throw new FeatureColumnException(column.Name, $"a linear model cannot take a {KindName(column)}; use numeric, bucketized, categorical, crossed or indicator columns."),
            };
            MaxLinearIdsPerRow += column switch { CategoricalColumn c => c.MaxIdsPerRow, IndicatorColumn i => i.Categorical.MaxIdsPerRow, _ => 1 };
        }
        LinearOffsets = offsets.ToImmutable();
        LinearRows = rows;

        var segments = ImmutableArray.CreateBuilder<DnnSegment>();
        var embeddings = ImmutableArray.CreateBuilder<EmbeddingColumn>();
        int input = 0, dense = 0;
        foreach (var column in DnnColumns)
        {
            switch (column)
            {
                case EmbeddingColumn e:
                    segments.Add(new DnnSegment(e, input, e.Dimension, -1, embeddings.Count));
                    embeddings.Add(e);
                    input += e.Dimension;
                    break;
                case NumericColumn or BucketizedColumn or IndicatorColumn:
                    int width = column switch { NumericColumn => 1, BucketizedColumn b => b.NumBuckets, IndicatorColumn i => i.Dimension, _ => 0 };
                    segments.Add(new DnnSegment(column, input, width, dense, -1));
                    input += width;
                    dense += width;
                    break;
                default:
                    throw new FeatureColumnException(column.Name, $"a DNN takes only dense columns; wrap this {KindName(column)} in an indicator or embedding column.");
            }
        }
        Segments = segments.ToImmutable();
        Embeddings = embeddings.ToImmutable();
        DnnInputWidth = input;
        DenseWidth = dense;
    }

    public ImmutableArray<FeatureColumn> LinearColumns { get; }
    public ImmutableArray<FeatureColumn> DnnColumns { get; }
    public ImmutableArray<int> LinearOffsets { get; }
    public int LinearRows { get; }
    public int MaxLinearIdsPerRow { get; }
    public ImmutableArray<DnnSegment> Segments { get; }
    public ImmutableArray<EmbeddingColumn> Embeddings { get; }
    public int DnnInputWidth { get; }
    public int DenseWidth { get; }

    public bool HasLinear => LinearColumns.Length > 0;
    public bool HasDnn => DnnColumns.Length > 0;

    /// <summary>Every raw input key any column reads, sorted.</summary>
    public ImmutableArray<string> InputKeys => [.. LinearColumns.Concat(DnnColumns).SelectMany(c => c.InputKeys).Distinct().Order(StringComparer.Ordinal)];

    private static string KindName(FeatureColumn column) => column.GetType().Name;
}
