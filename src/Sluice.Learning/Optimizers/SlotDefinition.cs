namespace Sluice.Learning.Optimizers;

/// <summary>A per-variable optimizer slot (an accumulator or a moment) and the value it starts at.</summary>
/// <param name="Name">The slot's name, e.g. <c>accumulator</c>; checkpoints store it as <c>{variable}/{optimizer}/{slot}</c>.</param>
/// <param name="InitialValue">Every element of the slot starts at this value (TF1: Adagrad and FTRL accumulators 0.1).</param>
public sealed record SlotDefinition(string Name, float InitialValue);
