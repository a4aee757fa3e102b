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

        // Deduplicate in O(n) with a per-row marker (the row's index among this call's unique rows, −1 when unseen).
        // Duplicates are summed in input order, so the result is deterministic and independent of the update order.
        SparseScratch scratch = slots.Scratch(rowIndices.Length);
        Span<int> marker = scratch.RowMarkers;
        Span<int> uniqueRows = scratch.UniqueRows, firstPositions = scratch.FirstPositions;
        Span<bool> summedFlags = scratch.Summed;
        Span<float> sums = scratch.Sums;
        int unique = 0;
        for (int i = 0; i < rowIndices.Length; i++)
        {
            long id = long.CreateTruncating(rowIndices[i]);
            if (id < 0) continue;
            if (id >= slots.Rows)
            {
                for (int k = 0; k < unique; k++) marker[uniqueRows[k]] = -1;
                throw new ArgumentOutOfRangeException(nameof(rowIndices),
                    $"Row index {id} at position {i} is outside variable '{slots.VariableName}' ({slots.Rows} rows).");
            }
            int row = (int)id;
            int seen = marker[row];
            if (seen < 0)
            {
                marker[row] = unique;
                uniqueRows[unique] = row;
                firstPositions[unique] = i;
                summedFlags[unique] = false;
                unique++;
                continue;
            }
            Span<float> sum = sums.Slice(seen * width, width);
            if (!summedFlags[seen])
            {
                rowGradients.Slice(firstPositions[seen] * width, width).CopyTo(sum);
                summedFlags[seen] = true;
            }
            ReadOnlySpan<float> part = rowGradients.Slice(i * width, width);
            for (int c = 0; c < width; c++) sum[c] += part[c];
        }

        for (int k = 0; k < unique; k++)
        {
            int row = uniqueRows[k];
            marker[row] = -1;
            ReadOnlySpan<float> gradientRow = summedFlags[k]
                ? sums.Slice(k * width, width)
                : rowGradients.Slice(firstPositions[k] * width, width);
            Update(weights.Slice(row * width, width), gradientRow, slots.Row(row));
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
