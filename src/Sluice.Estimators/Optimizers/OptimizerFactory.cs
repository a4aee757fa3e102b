using Sluice.Learning.Optimizers;
using Sluice.Learning.Schedules;

namespace Sluice.Estimators.Optimizers;

/// <summary>Builds the Sluice.Learning optimizer an <see cref="OptimizerOptions"/> names (TF1 update rules and slot names).</summary>
internal static class OptimizerFactory
{
    /// <param name="fallbackRate">the canned estimator's rate, used when the options give neither a rate nor a schedule</param>
    public static Optimizer Create(OptimizerOptions o, float fallbackRate)
    {
        LearningRateSchedule rate = o.LearningRateSchedule ?? new ConstantLearningRate(o.LearningRate ?? fallbackRate);
        return o.Kind switch
        {
            OptimizerKind.Ftrl => new Ftrl(rate, o.LearningRatePower, o.InitialAccumulator, o.L1, o.L2),
            OptimizerKind.Adagrad => new Adagrad(rate, o.InitialAccumulator),
            OptimizerKind.Adam => new Adam(rate, o.Beta1, o.Beta2, o.Epsilon),
            OptimizerKind.Sgd => new GradientDescent(rate),
            // TF1's RMSPropOptimizer defaults ε to 1e-10, not Adam's 1e-8 that OptimizerOptions defaults to.
            OptimizerKind.RmsProp => new RmsProp(rate, o.Decay, o.Momentum, o.Epsilon == 1e-8f ? 1e-10f : o.Epsilon),
            _ => throw new ArgumentOutOfRangeException(nameof(o), o.Kind, "Unknown optimizer."),
        };
    }
}
