using Sluice.Estimators.Model;
using Sluice.Learning.Optimizers;

namespace Sluice.Estimators.Training;

/// <summary>
/// A Sluice.Learning optimizer with its <see cref="SlotSet"/> for each variable it updates (checkpoint names like
/// <c>linear/linear_model/weights/Ftrl/accumulator</c>). Dense variables take one update over the whole array, tables
/// read by id one sparse update over the touched rows only.
/// </summary>
internal sealed class OptimizerState
{
    private readonly Dictionary<Variable, SlotSet> _slots = [];

    /// <param name="part">the model part, <c>linear</c> or <c>dnn</c>: names the optimizer's counters in checkpoints</param>
    public OptimizerState(string part, Optimizer optimizer, IEnumerable<Variable> variables)
    {
        Part = part;
        Optimizer = optimizer;
        foreach (var v in variables) _slots[v] = optimizer.CreateSlots(v.Name, v.Rows, v.Cols);
    }

    public string Part { get; }
    public Optimizer Optimizer { get; }

    /// <summary>Every (variable, slots) pair, in the order the variables were given.</summary>
    public IEnumerable<KeyValuePair<Variable, SlotSet>> Slots => _slots;

    /// <summary>Checkpoint name of the optimizer's iteration count.</summary>
    public string IterationsName => $"{Part}/{Optimizer.Name}/iterations";

    /// <summary>Checkpoint name of the optimizer's extra state (Adam's β powers), when it has any.</summary>
    public string StateName => $"{Part}/{Optimizer.Name}/state";

    public void ApplyDense(Variable v, ReadOnlySpan<float> gradient) => Optimizer.ApplyDense(v.Values, gradient, _slots[v]);

    public void ApplyRows(Variable v, SparseRowGradient gradient)
    {
        if (gradient.TouchedCount == 0) return;
        Optimizer.ApplySparse(v.Values, gradient.TouchedRows, gradient.PackedValues, _slots[v]);
    }
}
