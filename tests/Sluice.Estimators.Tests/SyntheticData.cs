using Sluice.Data.Columns;
using Sluice.Estimators.FeatureColumns;
using Sluice.Estimators.Heads;
using Sluice.Estimators.Model;
using Sluice.Estimators.Optimizers;

namespace Sluice.Estimators.Tests;

/// <summary>A small learnable data set: label = (x + 1.5·[color = red] - 0.5·[shape = round] + noise &gt; 0.5).</summary>
internal static class SyntheticData
{
    private static readonly string[] Colors = ["red", "green", "blue"];
    private static readonly string[] Shapes = ["round", "square", "flat", "tall"];

    public static ColumnBatch Create(int rows, int seed)
    {
        var rng = new Random(seed);
        var x = new FloatColumn("x", rows);
        var color = new StringColumn("color", rows);
        var shape = new StringColumn("shape", rows);
        var label = new StringColumn("label", rows);
        for (int i = 0; i < rows; i++)
        {
            float xv = (float)(rng.NextDouble() * 2 - 1);
            string c = Colors[rng.Next(Colors.Length)], s = Shapes[rng.Next(Shapes.Length)];
            x.Values[i] = xv;
            color.Append(c);
            shape.Append(s);
            double score = xv + (c == "red" ? 1.5 : 0) - (s == "round" ? 0.5 : 0) + rng.NextDouble() * 0.4 - 0.2;
            label.Append(score > 0.5 ? "yes" : "no");
        }
        return new ColumnBatch([x, color, shape, label]) { RowCount = rows };
    }

    public static EstimatorSpec Spec(ModelKind kind, OptimizerOptions? linear = null, OptimizerOptions? dnn = null, Activation activation = Activation.Relu, HeadKind head = HeadKind.BinaryClassification)
    {
        var color = FeatureColumn.CategoricalWithVocabularyList("color", Colors);
        var shape = FeatureColumn.CategoricalWithHashBucket("shape", 16);
        var x = FeatureColumn.Numeric("x");
        FeatureColumn[] wide = [x, color, FeatureColumn.Crossed([color, "shape"], 32)];
        FeatureColumn[] deep = [x, color.Indicator(), shape.Embed(3, EmbeddingCombiner.SqrtN)];
        var headOptions = head == HeadKind.BinaryClassification
            ? new HeadOptions(head, "label", 2, ["no", "yes"])
            : new HeadOptions(HeadKind.Regression, "x_target");
        return new EstimatorSpec(kind, headOptions,
            kind == ModelKind.Dnn ? [] : wide,
            kind == ModelKind.Linear ? [] : deep,
            kind == ModelKind.Linear ? null : new DnnOptions([5, 4], activation),
            linear, dnn);
    }
}
