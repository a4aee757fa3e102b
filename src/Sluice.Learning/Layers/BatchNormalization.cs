using Sluice.Learning.Initializers;
using Sluice.Tensors;
using Sluice.Tensors.Random;

namespace Sluice.Learning.Layers;

/// <summary>
/// y = γ·(x − μ)/√(σ² + ε) + β per feature. While training μ and σ² are the batch's (biased) mean and variance and
/// the moving averages move toward them (moving ← moving·momentum + batch·(1 − momentum)); at inference the moving
/// averages are used. Defaults follow TF1 <c>tf.layers.batch_normalization</c>: momentum 0.99, ε 0.001.
/// </summary>
public sealed class BatchNormalization : Layer
{
    public BatchNormalization(string name, int features, RandomGenerator random, float momentum = 0.99f, float epsilon = 1e-3f)
        : base(name)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(features);
        if (!(momentum >= 0f && momentum < 1f)) throw new ArgumentOutOfRangeException(nameof(momentum), momentum, "Momentum must be in [0, 1).");
        if (!(epsilon > 0f)) throw new ArgumentOutOfRangeException(nameof(epsilon), epsilon, "ε must be > 0.");
        Features = features;
        Momentum = momentum;
        Epsilon = epsilon;
        Gamma = AddVariable("gamma", new Shape(features), Initializer.Ones, random);
        Beta = AddVariable("beta", new Shape(features), Initializer.Zeros, random);
        MovingMean = AddVariable("moving_mean", new Shape(features), Initializer.Zeros, random, trainable: false);
        MovingVariance = AddVariable("moving_variance", new Shape(features), Initializer.Ones, random, trainable: false);
    }

    public int Features { get; }
    public float Momentum { get; }
    public float Epsilon { get; }
    public Variable Gamma { get; }
    public Variable Beta { get; }
    public Variable MovingMean { get; }
    public Variable MovingVariance { get; }

    /// <param name="input">(batch, features)</param>
    protected override Tensor Forward(Tensor input, bool training)
    {
        if (input.Rank != 2 || input.Shape[1] != Features)
            throw new ArgumentException($"BatchNormalization '{Name}' expects (batch, {Features}) inputs, got {input.Shape}.", nameof(input));
        Tensor mean, variance;
        if (training)
        {
            mean = input.Mean(0);
            Tensor centered = input - mean;
            variance = (centered * centered).Mean(0);
            Publish(new MovingAverageUpdate(MovingMean, mean, Momentum));
            Publish(new MovingAverageUpdate(MovingVariance, variance, Momentum));
        }
        else
        {
            mean = MovingMean;
            variance = MovingVariance;
        }
        return (input - mean) * (Gamma.Read() / (variance + Epsilon).Sqrt()) + Beta;
    }

    private static void Publish(MovingAverageUpdate update)
    {
        if (StateUpdateScope.Current is { } scope)
        {
            scope.Updates.Add(update);
        }
        else if (!update.Value.IsSymbolic)
        {
            MovingAverageUpdate.Apply(update.Target.AsSpan(), update.Value.AsSpan(), update.Momentum);
        }
        else
        {
            throw new InvalidOperationException(
                $"BatchNormalization in training mode was traced outside a TrainingStep, so its moving statistics ({update.Target.Name}) would never be updated.");
        }
    }
}
