using Sluice.Learning.Initializers;
using Sluice.Tensors;
using Sluice.Tensors.Random;

namespace Sluice.Learning.Layers;

/// <summary>
/// A function of tensors that owns variables. Layers work eagerly (ops run at once) and inside a trace (ops are
/// recorded for a compiled plan) alike, so they compose freely with any C# code: <c>head.Call(body.Call(x))</c>.
/// Each layer creates its variables when constructed, named <c>{layer}/{variable}</c>.
/// </summary>
public abstract class Layer
{
    private readonly List<Variable> _own = [];

    protected Layer(string name)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        Name = name;
    }

    public string Name { get; }

    /// <summary>Every variable of this layer and of the layers inside it (trainable or not), in creation order.</summary>
    public IReadOnlyList<Variable> Variables
    {
        get
        {
            var all = new List<Variable>(_own);
            foreach (Layer child in Children) all.AddRange(child.Variables);
            return all;
        }
    }

    /// <summary>The variables an optimizer updates.</summary>
    public IReadOnlyList<Variable> TrainableVariables => Variables.Where(v => v.Trainable).ToList();

    /// <summary>Applies the layer. <paramref name="training"/> switches dropout on and batch statistics in.</summary>
    public Tensor Call(Tensor input, bool training = false)
    {
        ArgumentNullException.ThrowIfNull(input);
        return Forward(input, training);
    }

    /// <summary>The layer's computation.</summary>
    protected abstract Tensor Forward(Tensor input, bool training);

    /// <summary>Layers held inside this one (their variables are part of <see cref="Variables"/>).</summary>
    protected virtual IEnumerable<Layer> Children => [];

    /// <summary>Creates and registers a variable named <c>{Name}/{localName}</c>.</summary>
    protected Variable AddVariable(string localName, Shape shape, Initializer initializer, RandomGenerator random, bool trainable = true)
    {
        ArgumentNullException.ThrowIfNull(initializer);
        ArgumentNullException.ThrowIfNull(random);
        var variable = new Variable($"{Name}/{localName}", initializer.Create(shape, random), trainable);
        _own.Add(variable);
        return variable;
    }

    public override string ToString() => $"{GetType().Name} '{Name}'";
}
