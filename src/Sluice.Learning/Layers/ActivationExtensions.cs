using Sluice.Tensors;

namespace Sluice.Learning.Layers;

/// <summary>Applies an <see cref="Activation"/>.</summary>
public static class ActivationExtensions
{
    public static Tensor Apply(this Activation activation, Tensor x) => activation switch
    {
        Activation.Linear => x,
        Activation.Relu => x.Relu(),
        Activation.Sigmoid => x.Sigmoid(),
        Activation.Tanh => x.Tanh(),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation, "Unknown activation."),
    };
}
