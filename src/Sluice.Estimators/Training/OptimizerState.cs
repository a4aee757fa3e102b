using Sluice.Estimators.Model;
using Sluice.Estimators.Optimizers;

namespace Sluice.Estimators.Training;

/// <summary>An optimizer with its slot arrays for each variable it updates (slot names like <c>&lt;var&gt;/accumulator</c>).</summary>
internal sealed class OptimizerState
{
    public OptimizerState(Optimizer optimizer, IEnumerable<Variable> variables)
    {
        Optimizer = optimizer;
        foreach (var v in variables)
        {
            var slots = new Variable[2];
            for (int s = 0; s < 2; s++)
            {
                slots[s] = new Variable(s < optimizer.SlotNames.Length ? $"{v.Name}/{optimizer.SlotNames[s]}" : "", s < optimizer.SlotNames.Length ? v.Rows : 0, v.Cols);
                Array.Fill(slots[s].Values, optimizer.SlotInitialValue(s));
            }
            Slots[v] = slots;
        }
    }

    public Optimizer Optimizer { get; }
    public Dictionary<Variable, Variable[]> Slots { get; } = [];

    public IEnumerable<Variable> SlotVariables => Slots.Values.SelectMany(s => s).Where(s => s.Name.Length > 0);

    public void ApplyDense(Variable v, ReadOnlySpan<float> gradient, long step)
    {
        var s = Slots[v];
        Optimizer.Apply(v.Values, gradient, s[0].Values, s[1].Values, step);
    }

    public void ApplyRows(Variable v, SparseRowGradient gradient, long step)
    {
        var s = Slots[v];
        int cols = v.Cols;
        bool hasSlot0 = s[0].Values.Length > 0, hasSlot1 = s[1].Values.Length > 0;
        foreach (int row in gradient.Touched)
        {
            Optimizer.Apply(v.Row(row), gradient.Row(row),
                hasSlot0 ? s[0].Row(row) : Span<float>.Empty,
                hasSlot1 ? s[1].Row(row) : Span<float>.Empty, step);
        }
    }
}
