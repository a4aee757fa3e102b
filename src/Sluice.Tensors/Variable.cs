namespace Sluice.Tensors;

/// <summary>
/// A named, mutable tensor (a model parameter). Its storage never moves: compiled plans read it in place, so an
/// optimizer writing through <see cref="AsSpan"/> is seen by the next run. Read it inside a trace with
/// <see cref="Read"/> (or the implicit conversion to <see cref="Tensor"/>).
/// </summary>
public sealed class Variable
{
    public Variable(string name, Tensor initialValue, bool trainable = true)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        if (initialValue.IsSymbolic) throw new ArgumentException($"Variable '{name}' needs a concrete initial value, not a traced tensor.");
        Name = name;
        Trainable = trainable;
        var storage = DTypes.Allocate(initialValue.DType, initialValue.Shape.ElementCount);
        Array.Copy(initialValue.Data!, initialValue.Offset, storage, 0, storage.Length);
        Value = new Tensor(storage, 0, initialValue.Shape);
        Owners.Add(Value, this);
    }

    // Lets a trace recognise `variable.Value` used directly and read the variable instead of freezing a constant.
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<Tensor, Variable> Owners = new();

    internal static Variable? OwnerOf(Tensor value) => Owners.TryGetValue(value, out var v) ? v : null;

    public string Name { get; }

    public bool Trainable { get; }

    /// <summary>The current value; it shares the variable's storage (it is not a snapshot).</summary>
    public Tensor Value { get; }

    public Shape Shape => Value.Shape;

    public DType DType => Value.DType;

    public Span<float> AsSpan() => Value.AsSpan<float>();

    public Span<T> AsSpan<T>() where T : unmanaged => Value.AsSpan<T>();

    /// <summary>Copies <paramref name="value"/> into the variable's storage (shapes must match).</summary>
    public void Assign(Tensor value)
    {
        if (!value.Shape.Equals(Shape) || value.DType != DType)
            throw new ArgumentException($"Cannot assign {DTypes.ShortName(value.DType)}{value.Shape} to variable '{Name}' of {DTypes.ShortName(DType)}{Shape}.");
        Array.Copy(value.Data!, value.Offset, Value.Data!, 0, Shape.ElementCount);
    }

    /// <summary>The value as an op input: a graph read while tracing, the live tensor otherwise.</summary>
    public Tensor Read() => Tracer.Current?.ReadVariable(this) ?? Value;

    public static implicit operator Tensor(Variable variable) => variable.Read();

    public override string ToString() => $"{Name}:{DTypes.ShortName(DType)}{Shape}";
}
