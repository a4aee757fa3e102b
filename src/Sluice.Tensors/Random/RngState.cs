namespace Sluice.Tensors.Random;

/// <summary>The whole state of a <see cref="RandomGenerator"/>: save it in a checkpoint, restore it to continue the same stream.</summary>
public readonly record struct RngState(ulong Seed, ulong Counter);
