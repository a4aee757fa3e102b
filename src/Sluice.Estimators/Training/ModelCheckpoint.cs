using Sluice.Estimators.Model;
using Sluice.Learning.Checkpoints;

namespace Sluice.Estimators.Training;

/// <summary>
/// A model's training state as a Sluice.Learning <see cref="Checkpoint"/> (the CRC-checked <c>model.ckpt-N</c> format
/// that <see cref="CheckpointManager"/> keeps): every variable as [rows, cols], every optimizer slot under
/// <c>{variable}/{optimizer}/{slot}</c>, and per model part the optimizer's iteration count
/// (<c>linear/Ftrl/iterations</c>) and extra state (Adam's β powers).
/// </summary>
internal static class ModelCheckpoint
{
    /// <summary>The state at <paramref name="globalStep"/>; tensors share the live arrays, so write it before the next step.</summary>
    public static Checkpoint Capture(long globalStep, NetworkParameters parameters, ModelTrainer trainer)
    {
        var checkpoint = Variables(globalStep, parameters);
        foreach (var state in Optimizers(trainer))
        {
            foreach (var (variable, slots) in state.Slots)
                for (int s = 0; s < slots.Definitions.Count; s++)
                    checkpoint.Add(slots.CheckpointName(s), [variable.Rows, variable.Cols], slots.Values(s));
            checkpoint.Add(state.IterationsName, [], [state.Optimizer.Iterations]);
            float[] extra = state.Optimizer.SaveState();
            if (extra.Length > 0) checkpoint.Add(state.StateName, [extra.Length], extra);
        }
        return checkpoint;
    }

    /// <summary>The variables only (what an export bundle's <c>variables.bin</c> holds).</summary>
    public static Checkpoint Variables(long globalStep, NetworkParameters parameters)
    {
        var checkpoint = new Checkpoint(globalStep);
        foreach (var v in parameters.All) checkpoint.Add(v.Name, [v.Rows, v.Cols], v.Values);
        return checkpoint;
    }

    /// <summary>Copies every variable from <paramref name="checkpoint"/>; throws naming the file and tensor when one is missing or mis-sized.</summary>
    public static void RestoreVariables(Checkpoint checkpoint, NetworkParameters parameters)
    {
        foreach (var v in parameters.All) checkpoint.CopyTo(v.Name, v.Values);
    }

    /// <summary>
    /// Restores variables, slots and optimizer counters. With <paramref name="matchingOnly"/> (warm start) tensors
    /// that are absent or of another size are skipped; otherwise each must be present.
    /// </summary>
    public static void Restore(Checkpoint checkpoint, NetworkParameters parameters, ModelTrainer trainer, bool matchingOnly)
    {
        foreach (var v in parameters.All) Copy(checkpoint, v.Name, v.Values, matchingOnly);
        foreach (var state in Optimizers(trainer))
        {
            foreach (var (_, slots) in state.Slots)
                for (int s = 0; s < slots.Definitions.Count; s++)
                    Copy(checkpoint, slots.CheckpointName(s), slots.Values(s), matchingOnly);
            if (!checkpoint.TryGet(state.IterationsName, out var iterations))
            {
                if (matchingOnly) continue;
                iterations = checkpoint.Get(state.IterationsName);
            }
            if (iterations.Int64s is not { Length: 1 } count)
                throw new InvalidDataException($"Checkpoint {checkpoint.SourcePath}: '{iterations.Name}' must be one int64.");
            float[] extra = checkpoint.TryGet(state.StateName, out var stored) ? stored.Floats ?? [] : [];
            state.Optimizer.RestoreState(count[0], extra);
        }
    }

    private static void Copy(Checkpoint checkpoint, string name, float[] target, bool matchingOnly)
    {
        // An FTRL weight is a function of its slots, so a warm start copies matching slots too: copying the weights
        // alone would be undone by the first step.
        if (matchingOnly && (!checkpoint.TryGet(name, out var tensor) || tensor.Floats?.Length != target.Length)) return;
        checkpoint.CopyTo(name, target);
    }

    private static OptimizerState[] Optimizers(ModelTrainer trainer) => [trainer.LinearOptimizer, trainer.DnnOptimizer];
}
