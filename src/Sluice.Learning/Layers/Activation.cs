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
