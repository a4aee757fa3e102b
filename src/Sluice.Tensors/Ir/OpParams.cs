namespace Sluice.Tensors.Ir;

/// <summary>Typed op parameters. <see cref="ToString"/> is what the listing prints and what CSE compares.</summary>
internal abstract record OpParams
{
    public abstract override string ToString();
}

/// <summary>Normalised (non-negative, ascending) axes.</summary>
internal sealed record ReduceParams(int[] Axes, bool KeepDims) : OpParams
{
    public override string ToString() => $"axes=({string.Join(",", Axes)}){(KeepDims ? " keep" : "")}";
}

internal sealed record AxisParams(int Axis) : OpParams
{
    public override string ToString() => $"axis={Axis}";
}

internal sealed record MatMulParams(bool TransposeA, bool TransposeB) : OpParams
{
    public override string ToString() => (TransposeA, TransposeB) switch
    {
        (false, false) => "",
        (true, false) => "ta",
        (false, true) => "tb",
        _ => "ta tb",
    };
}

internal sealed record ReshapeParams(int[] Dims) : OpParams
{
    public override string ToString() => Shape.Format(Dims);
}

internal sealed record PermuteParams(int[] Permutation) : OpParams
{
    public override string ToString() => $"perm=({string.Join(",", Permutation)})";
}

internal sealed record SliceParams(int Axis, int Start, int Length) : OpParams
{
    public override string ToString() => $"axis={Axis} start={Start} len={Length}";
}

/// <summary>NumSegments &lt; 0: the count comes from the third input's leading dimension at run time.</summary>
internal sealed record SegmentSumParams(int NumSegments) : OpParams
{
    public override string ToString() => NumSegments < 0 ? "segments=like" : $"segments={NumSegments}";
}

internal sealed record OneHotParams(int Depth) : OpParams
{
    public override string ToString() => $"depth={Depth}";
}

internal sealed record CastParams(DType To) : OpParams
{
    public override string ToString() => DTypes.ShortName(To);
}

/// <summary>Salt separates the random streams of different random nodes within one run.</summary>
internal sealed record RandomParams(ulong Salt) : OpParams
{
    public override string ToString() => $"salt={Salt}";
}

internal sealed record ConstParams(Tensor Value) : OpParams
{
    public override string ToString()
    {
        if (Value.Shape.ElementCount == 1)
        {
            return Value.DType switch
            {
                DType.Float32 => Value.AsSpan<float>()[0].ToString("G6", System.Globalization.CultureInfo.InvariantCulture),
                DType.Int32 => Value.AsSpan<int>()[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
                DType.Int64 => Value.AsSpan<long>()[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
                _ => Value.AsSpan<bool>()[0] ? "true" : "false",
            };
        }
        // Larger constants are compared by identity (a hash of the reference) and printed by shape.
        return $"const#{System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(Value):x}";
    }
}

internal sealed record InputParams(string Name, int Index) : OpParams
{
    public override string ToString() => Name;
}

internal sealed record VariableParams(Variable Variable) : OpParams
{
    public override string ToString() => Variable.Name;
}
