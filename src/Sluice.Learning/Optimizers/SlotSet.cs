namespace Sluice.Learning.Optimizers;

/// <summary>
/// The optimizer state that lives beside one variable: one array per slot, each as long as the variable, plus the
/// scratch space a sparse update needs so that it never allocates after the first step.
/// </summary>
public sealed class SlotSet
{
    private readonly float[][] _values;
    private SparseScratch? _scratch;

    internal SlotSet(string variableName, string optimizerName, int rows, int rowWidth, IReadOnlyList<SlotDefinition> definitions)
    {
        VariableName = variableName;
        OptimizerName = optimizerName;
        Rows = rows;
        RowWidth = rowWidth;
        Definitions = definitions;
        _values = new float[definitions.Count][];
        for (int i = 0; i < definitions.Count; i++)
        {
            _values[i] = new float[checked(rows * rowWidth)];
            Array.Fill(_values[i], definitions[i].InitialValue);
        }
    }

    /// <summary>The variable these slots belong to.</summary>
    public string VariableName { get; }

    /// <summary>The optimizer (by its name) that owns these slots.</summary>
    public string OptimizerName { get; }

    /// <summary>Rows of the variable (1 for a bias or scalar, the vocabulary size for an embedding).</summary>
    public int Rows { get; }

    /// <summary>Elements per row; sparse updates touch whole rows.</summary>
    public int RowWidth { get; }

    /// <summary>The slots, in the optimizer's order.</summary>
    public IReadOnlyList<SlotDefinition> Definitions { get; }

    /// <summary>The values of slot <paramref name="index"/> (row-major, same layout as the variable).</summary>
    public float[] Values(int index) => _values[index];

    /// <summary>The values of the slot named <paramref name="slotName"/>.</summary>
    public float[] Values(string slotName)
    {
        for (int i = 0; i < Definitions.Count; i++)
        {
            if (Definitions[i].Name == slotName) return _values[i];
        }
        throw new KeyNotFoundException($"Optimizer '{OptimizerName}' has no slot '{slotName}' for variable '{VariableName}'.");
    }

    /// <summary>The checkpoint name of slot <paramref name="index"/>: <c>{variable}/{optimizer}/{slot}</c>.</summary>
    public string CheckpointName(int index) => $"{VariableName}/{OptimizerName}/{Definitions[index].Name}";

    internal SlotSpans Whole() => new(Slot(0), Slot(1), Slot(2));

    internal SlotSpans Row(int row)
    {
        int start = row * RowWidth;
        return new SlotSpans(RowOf(0, start), RowOf(1, start), RowOf(2, start));
    }

    private Span<float> RowOf(int index, int start) =>
        index < _values.Length ? _values[index].AsSpan(start, RowWidth) : Span<float>.Empty;

    private Span<float> Slot(int index) => index < _values.Length ? _values[index] : Span<float>.Empty;

    /// <summary>Scratch for a sparse update of up to <paramref name="ids"/> ids; grows (allocates) only when a call needs more.</summary>
    internal SparseScratch Scratch(int ids)
    {
        _scratch ??= new SparseScratch(Rows, RowWidth);
        _scratch.EnsureCapacity(ids);
        return _scratch;
    }

}
