namespace Sluice.Tensors;

/// <summary>Compiler switches (all on by default; turn one off to compare or debug) and the plan's RNG seed.</summary>
public sealed record CompileOptions
{
    public bool FoldConstants { get; init; } = true;
    public bool EliminateCommonSubexpressions { get; init; } = true;
    public bool FuseElementwise { get; init; } = true;
    public bool ReuseBuffers { get; init; } = true;

    /// <summary>Seed for random ops (dropout). Same seed ⇒ same masks run after run.</summary>
    public ulong Seed { get; init; }
}
