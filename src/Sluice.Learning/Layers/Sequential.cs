using Sluice.Tensors;

namespace Sluice.Learning.Layers;

/// <summary>Layers applied one after another: y = layerₙ(…layer₁(x)).</summary>
public sealed class Sequential : Layer
{
    private readonly Layer[] _layers;

    public Sequential(string name, params Layer[] layers) : base(name)
    {
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Length == 0) throw new ArgumentException($"Sequential '{name}' needs at least one layer.", nameof(layers));
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (Layer layer in layers)
        {
            ArgumentNullException.ThrowIfNull(layer);
            if (!names.Add(layer.Name)) throw new ArgumentException($"Sequential '{name}' holds two layers named '{layer.Name}'.", nameof(layers));
        }
        _layers = layers;
    }

    public IReadOnlyList<Layer> Layers => _layers;

    protected override IEnumerable<Layer> Children => _layers;

    protected override Tensor Forward(Tensor input, bool training)
    {
        Tensor x = input;
        foreach (Layer layer in _layers) x = layer.Call(x, training);
        return x;
    }
}
