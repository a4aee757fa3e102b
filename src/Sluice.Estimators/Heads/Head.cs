namespace Sluice.Estimators.Heads;

/// <summary>
/// Loss, gradient and metrics for one <see cref="HeadKind"/>. Training loss is the SUM over the batch of
/// weight × per-example loss, so the gradient for an example is weight × ∂loss/∂logits.
/// </summary>
internal abstract class Head(HeadOptions options)
{
    public HeadOptions Options { get; } = options;

    public abstract int LogitsDimension { get; }

    /// <summary>Per-example (unweighted) loss; writes ∂loss/∂logits.</summary>
    public abstract float LossAndGradient(ReadOnlySpan<float> logits, float label, Span<float> gradient);

    /// <summary>The head's metrics (without loss keys, which the evaluator adds).</summary>
    public abstract void AddMetrics(EvaluationData data, IDictionary<string, double> metrics);

    public static Head Create(HeadOptions options)
    {
        options.Validate();
        return options.Kind switch
        {
            HeadKind.BinaryClassification => new BinaryHead(options),
            HeadKind.MultiClassClassification => new MultiClassHead(options),
            _ => new RegressionHead(options),
        };
    }

    /// <summary>Numerically stable log(1 + eˣ).</summary>
    protected static float Softplus(float x) => x > 0 ? x + MathF.Log(1f + MathF.Exp(-x)) : MathF.Log(1f + MathF.Exp(x));
}
