namespace Sluice.Estimators.Optimizers;

/// <summary>
/// An element-wise optimizer with up to two slots per weight. The one hook, <see cref="Apply"/>, updates a span of
/// weights from its gradient; the trainer calls it once per dense variable and once per touched row of a sparse one,
/// so sparse updates cost O(touched rows).
/// </summary>
internal abstract class Optimizer(float learningRate)
{
    public float LearningRate { get; } = learningRate;

    /// <summary>Slot names (TF suffixes), e.g. ["accumulator", "linear"].</summary>
    public abstract string[] SlotNames { get; }

    public virtual float SlotInitialValue(int slot) => 0f;

    /// <param name="step">1-based update count (Adam's bias correction)</param>
    public abstract void Apply(Span<float> weights, ReadOnlySpan<float> gradient, Span<float> slot0, Span<float> slot1, long step);

    public static Optimizer Create(OptimizerOptions o, float learningRate) => o.Kind switch
    {
        OptimizerKind.Ftrl => new FtrlOptimizer(learningRate, o.LearningRatePower, o.InitialAccumulator, o.L1, o.L2),
        OptimizerKind.Adagrad => new AdagradOptimizer(learningRate, o.InitialAccumulator),
        OptimizerKind.Adam => new AdamOptimizer(learningRate, o.Beta1, o.Beta2, o.Epsilon),
        OptimizerKind.Sgd => new SgdOptimizer(learningRate),
        OptimizerKind.RmsProp => new RmsPropOptimizer(learningRate, o.Decay, o.Momentum, o.Epsilon == 1e-8f ? 1e-10f : o.Epsilon),
        _ => throw new ArgumentOutOfRangeException(nameof(o), o.Kind, "Unknown optimizer."),
    };
}
