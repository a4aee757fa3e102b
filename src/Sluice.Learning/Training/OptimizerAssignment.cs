using Sluice.Learning.Optimizers;
using Sluice.Tensors;

namespace Sluice.Learning.Training;

/// <summary>
/// Which variables one optimizer updates. A training step takes several (wide &amp; deep: FTRL for the linear
/// variables, Adagrad for the DNN variables), all advanced by one global step.
/// </summary>
public sealed record OptimizerAssignment(Optimizer Optimizer, IReadOnlyList<Variable> Variables);
