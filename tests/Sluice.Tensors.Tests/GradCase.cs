using Sluice.Tensors;

namespace Sluice.Tensors.Tests;

/// <summary>One row per differentiable op: a function of float inputs, checked against central differences.</summary>
public sealed record GradCase(string Name, Func<Tensor[], Tensor> Function, params int[][] InputShapes)
{
    /// <summary>Keeps inputs away from kinks and domain edges (log, sqrt, abs, max ties).</summary>
    public bool PositiveInputs { get; init; }

    public override string ToString() => Name;
}
