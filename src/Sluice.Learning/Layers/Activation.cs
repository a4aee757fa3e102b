using Sluice.Tensors;

namespace Sluice.Learning.Layers;

/// <summary>Element-wise activation functions for <see cref="Dense"/>.</summary>
public enum Activation
{
    /// <summary>Identity (TF's <c>None</c>): logits and regression outputs.</summary>
    Linear,
    Relu,
    Sigmoid,
    Tanh,
}

/// <summary>Applies an <see cref="Activation"/>.</summary>
public static class Activations
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
