using Sluice.Learning.Schedules;

namespace Sluice.Estimators.Optimizers;

/// <summary>
/// An optimizer choice. <see cref="LearningRate"/> null means the canned estimator's default for the part
/// (linear FTRL 0.2 or min(0.2, 1/√columns); DNN Adagrad 0.05; wide &amp; deep: linear min(0.005, 1/√columns),
/// DNN 0.001). <see cref="LearningRateSchedule"/>, when set, replaces the fixed rate (TF1's <c>exponential_decay</c>
/// or <c>piecewise_constant</c> on the global step). <see cref="L1"/>/<see cref="L2"/> are TF's
/// <c>l1_regularization_strength</c>/<c>l2_regularization_strength</c>: FTRL's own terms for the linear part, a
/// proximal shrinkage of the kernels after each step for the DNN part. Other fields keep TF1's constructor defaults.
/// </summary>
public sealed record OptimizerOptions(
    OptimizerKind Kind,
    float? LearningRate = null,
    float L1 = 0f,
    float L2 = 0f,
    float InitialAccumulator = 0.1f,
    float LearningRatePower = -0.5f,
    float Beta1 = 0.9f,
    float Beta2 = 0.999f,
    float Epsilon = 1e-8f,
    float Decay = 0.9f,
    float Momentum = 0f,
    LearningRateSchedule? LearningRateSchedule = null)
{
    public override string ToString() => $"{Kind}(learning_rate={LearningRateSchedule?.ToString() ?? LearningRate?.ToString() ?? "default"})";
}
