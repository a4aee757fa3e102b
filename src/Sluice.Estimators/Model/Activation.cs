namespace Sluice.Estimators.Model;

/// <summary>The activation applied after every hidden layer.</summary>
public enum Activation
{
    Relu,
    Tanh,
    Sigmoid,
    Elu,
    Linear,
}
