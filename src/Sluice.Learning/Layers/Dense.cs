using Sluice.Learning.Initializers;
using Sluice.Tensors;
using Sluice.Tensors.Random;

namespace Sluice.Learning.Layers;

/// <summary>y = activation(x·W + b).</summary>
public sealed class Dense : Layer
{
    /// <param name="name">layer name; variables are <c>{name}/kernel</c> (inputs, units) and <c>{name}/bias</c> (units)</param>
    /// <param name="inputs">features per example</param>
    /// <param name="units">outputs per example</param>
    /// <param name="activation">applied to x·W + b</param>
    /// <param name="random">draws the kernel</param>
    /// <param name="kernelInitializer">default Glorot uniform (TF's default)</param>
    /// <param name="biasInitializer">default zeros</param>
    public Dense(string name, int inputs, int units, Activation activation, RandomGenerator random,
        Initializer? kernelInitializer = null, Initializer? biasInitializer = null, bool useBias = true)
        : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputs);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(units);
        Inputs = inputs;
        Units = units;
        Activation = activation;
        Kernel = AddVariable("kernel", new Shape(inputs, units), kernelInitializer ?? Initializer.GlorotUniform, random);
        if (useBias) Bias = AddVariable("bias", new Shape(units), biasInitializer ?? Initializer.Zeros, random);
    }

    public int Inputs { get; }
    public int Units { get; }
    public Activation Activation { get; }

    /// <summary>(inputs, units).</summary>
    public Variable Kernel { get; }

    /// <summary>(units), or null when the layer has no bias.</summary>
    public Variable? Bias { get; }

    /// <param name="input">(batch, inputs)</param>
    /// <returns>(batch, units)</returns>
    protected override Tensor Forward(Tensor input, bool training)
    {
        if (input.Rank != 2 || input.Shape[1] != Inputs)
            throw new ArgumentException($"Dense '{Name}' expects (batch, {Inputs}) inputs, got {input.Shape}.", nameof(input));
        Tensor y = input.MatMul(Kernel);
        if (Bias is not null) y += Bias;
        return Activation.Apply(y);
    }
}
