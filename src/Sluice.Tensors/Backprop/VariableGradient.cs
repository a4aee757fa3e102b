namespace Sluice.Tensors;

/// <summary>
/// The gradient of a loss with respect to one variable (symbolic, to be returned as graph outputs): either
/// <see cref="Dense"/> (the variable's shape) or sparse by rows — <see cref="Indices"/> (k ids, i32 or i64; ids &lt; 0
/// are missing and must be skipped) and <see cref="Rows"/> (k, row dims…); ids may repeat, rows then add up.
/// </summary>
public sealed record VariableGradient(Variable Variable, Tensor? Dense, Tensor? Indices, Tensor? Rows)
{
    public bool IsSparse => Indices is not null;
}
