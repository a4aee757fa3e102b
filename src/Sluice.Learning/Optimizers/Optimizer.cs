using System.Numerics;
using Sluice.Learning.Schedules;

namespace Sluice.Learning.Optimizers;

/// <summary>
/// A TF1-style optimizer. Every TF1 update rule is elementwise given a few per-step scalars, so each optimizer
/// implements one hook, <see cref="Update"/>, over a block of weights and the aligned blocks of its slots. A dense
/// update calls it once over the whole variable; a sparse update calls it once per touched row, so its cost is
/// O(touched rows × row width) however large the variable is.
/// </summary>
/// <remarks>
/// One training step is <see cref="BeginStep"/> (evaluates the learning-rate schedule at the global step), any number
/// of <see cref="ApplyDense"/>/<see cref="ApplySparse"/> calls (one per variable this optimizer owns), then
/// <see cref="EndStep"/> (advances the optimizer's own iteration count, e.g. Adam's β powers). None of them allocate.
/// </remarks>
public abstract class Optimizer
{
    protected Optimizer(string name, LearningRateSchedule learningRate)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        ArgumentNullException.ThrowIfNull(learningRate);
        Name = name;
        LearningRate = learningRate;
    }

    /// <summary>The optimizer's name (TF's default is the algorithm name, e.g. <c>Adagrad</c>); names its slots in checkpoints.</summary>
    public string Name { get; }

    /// <summary>The learning rate as a function of the global step.</summary>
    public LearningRateSchedule LearningRate { get; }

    /// <summary>How many steps this optimizer has completed (its own count; TF's Adam derives β powers from it).</summary>
    public long Iterations { get; private set; }

    /// <summary>The learning rate of the current step (valid between <see cref="BeginStep"/> and <see cref="EndStep"/>).</summary>
    public float CurrentLearningRate { get; private set; }

    /// <summary>The slots this optimizer keeps beside each variable.</summary>
    public abstract IReadOnlyList<SlotDefinition> SlotDefinitions { get; }

    /// <summary>Creates the slots for a variable of <paramref name="rows"/> × <paramref name="rowWidth"/> elements.</summary>
    public SlotSet CreateSlots(string variableName, int rows, int rowWidth)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(variableName);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rows);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowWidth);
        return new SlotSet(variableName, Name, rows, rowWidth, SlotDefinitions);
    }

    /// <summary>Starts a step: evaluates the learning rate at <paramref name="globalStep"/>.</summary>
    public void BeginStep(long globalStep)
    {
        CurrentLearningRate = LearningRate.At(globalStep);
        OnBeginStep(CurrentLearningRate);
    }

    /// <summary>Finishes a step (after every variable was updated).</summary>
    public void EndStep()
    {
        Iterations++;
        OnEndStep();
    }

    /// <summary>w ← update(w, g) over the whole variable.</summary>
    /// <param name="weights">the variable's storage, (rows·rowWidth)</param>
    /// <param name="gradient">dLoss/dw, same length</param>
    /// <param name="slots">this optimizer's slots for the variable</param>
    public void ApplyDense(Span<float> weights, ReadOnlySpan<float> gradient, SlotSet slots)
    {
        CheckSlots(weights, slots);
        if (gradient.Length != weights.Length)
            throw new ArgumentException($"Gradient of '{slots.VariableName}' has {gradient.Length} elements; the variable has {weights.Length}.", nameof(gradient));
        Update(weights, gradient, slots.Whole());
    }

    /// <summary>
    /// Updates only the rows named in <paramref name="rowIndices"/>. Duplicate indices are summed first (TF1's
    /// <c>_apply_sparse_duplicate_indices</c>); negative indices are missing ids and are skipped.
    /// </summary>
    /// <param name="weights">the variable's storage, (rows·rowWidth)</param>
    /// <param name="rowIndices">(n) row of each gradient row</param>
    /// <param name="rowGradients">(n·rowWidth) gradient rows</param>
    /// <param name="slots">this optimizer's slots for the variable</param>
    public void ApplySparse(Span<float> weights, ReadOnlySpan<int> rowIndices, ReadOnlySpan<float> rowGradients, SlotSet slots) =>
        ApplySparseRows(weights, rowIndices, rowGradients, slots);

    /// <inheritdoc cref="ApplySparse(Span{float}, ReadOnlySpan{int}, ReadOnlySpan{float}, SlotSet)"/>
    public void ApplySparse(Span<float> weights, ReadOnlySpan<long> rowIndices, ReadOnlySpan<float> rowGradients, SlotSet slots) =>
        ApplySparseRows(weights, rowIndices, rowGradients, slots);

    private void ApplySparseRows<TIndex>(Span<float> weights, ReadOnlySpan<TIndex> rowIndices, ReadOnlySpan<float> rowGradients, SlotSet slots)
        where TIndex : unmanaged, IBinaryInteger<TIndex>
    {
        CheckSlots(weights, slots);
        int width = slots.RowWidth;
        if (rowGradients.Length != rowIndices.Length * width)
            throw new ArgumentException(
                $"Sparse gradient of '{slots.VariableName}' has {rowGradients.Length} values for {rowIndices.Length} rows of width {width}.",
                nameof(rowGradients));

        // Sort (row, position) pairs packed in one long: equal rows become adjacent and, within a row, positions stay
        // ascending, so duplicates are summed in input order and the result is deterministic.
        Span<long> order = slots.SortScratch(rowIndices.Length);
        int count = 0;
        for (int i = 0; i < rowIndices.Length; i++)
        {
            long row = long.CreateTruncating(rowIndices[i]);
            if (row < 0) continue;
            if (row >= slots.Rows)
                throw new ArgumentOutOfRangeException(nameof(rowIndices),
                    $"Row index {row} at position {i} is outside variable '{slots.VariableName}' ({slots.Rows} rows).");
            order[count++] = (row << 32) | (uint)i;
        }
        order = order[..count];
        order.Sort();

        Span<float> summed = slots.RowScratch;
        for (int start = 0; start < order.Length;)
        {
            int row = (int)(order[start] >> 32);
            int end = start + 1;
            while (end < order.Length && (int)(order[end] >> 32) == row) end++;

            ReadOnlySpan<float> gradientRow;
            if (end - start == 1)
            {
                gradientRow = rowGradients.Slice((int)(uint)order[start] * width, width);
            }
            else
            {
                summed.Clear();
                for (int j = start; j < end; j++)
                {
                    ReadOnlySpan<float> part = rowGradients.Slice((int)(uint)order[j] * width, width);
                    for (int c = 0; c < width; c++) summed[c] += part[c];
                }
                gradientRow = summed;
            }
            Update(weights.Slice(row * width, width), gradientRow, slots.Row(row));
            start = end;
        }
    }

    /// <summary>The update rule, elementwise over aligned blocks of weights, gradient and slots.</summary>
    protected abstract void Update(Span<float> weights, ReadOnlySpan<float> gradient, SlotSpans slots);

    /// <summary>Computes per-step scalars (e.g. Adam's bias-corrected rate) before any update of the step.</summary>
    protected virtual void OnBeginStep(float learningRate) { }

    /// <summary>Advances per-step state after every update of the step.</summary>
    protected virtual void OnEndStep() { }

    /// <summary>Extra non-slot state that a checkpoint must keep (Adam: β1^t, β2^t). Empty for most optimizers.</summary>
    public virtual float[] SaveState() => [];

    /// <summary>Restores the iteration count and the state <see cref="SaveState"/> returned.</summary>
    public void RestoreState(long iterations, ReadOnlySpan<float> state)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(iterations);
        Iterations = iterations;
        RestoreExtraState(state);
    }

    /// <summary>Restores what <see cref="SaveState"/> returned.</summary>
    protected virtual void RestoreExtraState(ReadOnlySpan<float> state)
    {
        if (state.Length != 0)
            throw new ArgumentException($"Optimizer '{Name}' keeps no extra state, got {state.Length} values.", nameof(state));
    }

    private void CheckSlots(Span<float> weights, SlotSet slots)
    {
        ArgumentNullException.ThrowIfNull(slots);
        if (slots.OptimizerName != Name)
            throw new ArgumentException($"Slots of variable '{slots.VariableName}' belong to optimizer '{slots.OptimizerName}', not '{Name}'.", nameof(slots));
        if (weights.Length != slots.Rows * slots.RowWidth)
            throw new ArgumentException($"Variable '{slots.VariableName}' has {weights.Length} elements; its slots were made for {slots.Rows}×{slots.RowWidth}.", nameof(weights));
    }
}
