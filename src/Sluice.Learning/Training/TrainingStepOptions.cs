using Sluice.Tensors;

namespace Sluice.Learning.Training;

/// <summary>Options of a <see cref="TrainingStep"/>.</summary>
public sealed record TrainingStepOptions
{
    /// <summary>When set, all gradients are scaled jointly so their global norm is at most this (TF's <c>clip_by_global_norm</c>).</summary>
    public float? ClipNorm { get; init; }

    /// <summary>Seed of the plan's random ops (dropout masks). Same seed ⇒ bit-identical training.</summary>
    public ulong Seed { get; init; }

    /// <summary>Compiler switches (the seed above overrides theirs).</summary>
    public CompileOptions Compile { get; init; } = new();
}
