using Sluice.Estimators.FeatureColumns;
using Sluice.Estimators.Heads;
using Sluice.Estimators.Optimizers;

namespace Sluice.Estimators.Model;

/// <summary>
/// What to train: body, head, feature columns per part and the optimizers. Null optimizers take the canned defaults
/// (linear FTRL, DNN Adagrad, TF1 learning rates). <see cref="GradientClipNorm"/> clips all gradients of a step by
/// their global L2 norm.
/// </summary>
public sealed record EstimatorSpec(
    ModelKind Model,
    HeadOptions Head,
    IReadOnlyList<FeatureColumn> LinearColumns,
    IReadOnlyList<FeatureColumn> DnnColumns,
    DnnOptions? Dnn = null,
    OptimizerOptions? LinearOptimizer = null,
    OptimizerOptions? DnnOptimizer = null,
    float? GradientClipNorm = null)
{
    /// <summary>Checks that the body, its columns and options fit together; errors name the field.</summary>
    public void Validate()
    {
        Head.Validate();
        bool linear = Model != ModelKind.Dnn, dnn = Model != ModelKind.Linear;
        if (linear && LinearColumns.Count == 0) throw new ArgumentException($"model.linearColumns: a {Model} model needs linear feature columns.");
        if (!linear && LinearColumns.Count > 0) throw new ArgumentException("model.linearColumns: a DNN model takes no linear columns.");
        if (dnn && DnnColumns.Count == 0) throw new ArgumentException($"model.dnnColumns: a {Model} model needs DNN feature columns.");
        if (!dnn && DnnColumns.Count > 0) throw new ArgumentException("model.dnnColumns: a linear model takes no DNN columns.");
        if (dnn)
        {
            if (Dnn is null || Dnn.HiddenUnits.Count == 0) throw new ArgumentException("model.hiddenUnits: a DNN needs at least one hidden layer.");
            for (int i = 0; i < Dnn.HiddenUnits.Count; i++)
                if (Dnn.HiddenUnits[i] <= 0) throw new ArgumentException($"model.hiddenUnits[{i}]: must be positive (got {Dnn.HiddenUnits[i]}).");
            if (Dnn.Dropout is < 0f or >= 1f) throw new ArgumentException($"model.dropout: must be in [0, 1) (got {Dnn.Dropout}).");
        }
        if (GradientClipNorm is { } clip && !(clip > 0)) throw new ArgumentException($"model.gradientClipNorm: must be positive (got {clip}).");
        foreach (var (options, field) in new[] { (LinearOptimizer, "linearOptimizer"), (DnnOptimizer, "dnnOptimizer") })
        {
            if (options?.LearningRate is { } lr && !(lr > 0)) throw new ArgumentException($"model.{field}.learningRate: must be positive (got {lr}).");
            if (options is { } o && !(o.L1 >= 0)) throw new ArgumentException($"model.{field}.l1: must be zero or more (got {o.L1}).");
            if (options is { } p && !(p.L2 >= 0)) throw new ArgumentException($"model.{field}.l2: must be zero or more (got {p.L2}).");
        }
    }

    /// <summary>The linear part's optimizer and learning rate (FTRL; 0.2 capped by 1/√columns, or min(0.005, 1/√columns) in wide &amp; deep).</summary>
    internal (OptimizerOptions Options, float LearningRate) ResolveLinearOptimizer()
    {
        var options = LinearOptimizer ?? new OptimizerOptions(OptimizerKind.Ftrl);
        float cap = Model == ModelKind.WideDeep ? 0.005f : 0.2f;
        return (options, options.LearningRate ?? MathF.Min(cap, 1f / MathF.Sqrt(Math.Max(1, LinearColumns.Count))));
    }

    /// <summary>The DNN part's optimizer and learning rate (Adagrad; 0.05, or 0.001 in wide &amp; deep).</summary>
    internal (OptimizerOptions Options, float LearningRate) ResolveDnnOptimizer()
    {
        var options = DnnOptimizer ?? new OptimizerOptions(OptimizerKind.Adagrad);
        float fallback = options.Kind == OptimizerKind.Adam ? 0.001f : Model == ModelKind.WideDeep ? 0.001f : 0.05f;
        return (options, options.LearningRate ?? fallback);
    }
}
