using Sluice.Tensors;
using Sluice.Tensors.Random;

namespace Sluice.Learning.Layers;

/// <summary>
/// Inverted dropout: while training, each element is zeroed with probability <see cref="Rate"/> and kept ones are
/// scaled by 1/(1−rate); at inference it is the identity. In a compiled plan the mask is redrawn every run.
/// </summary>
public sealed class Dropout : Layer
{
    private readonly ulong _seed;

    /// <param name="rate">the probability of dropping an element, in [0, 1)</param>
    /// <param name="random">gives this layer its own mask stream</param>
    public Dropout(string name, float rate, RandomGenerator random) : base(name)
    {
        if (rate is < 0f or >= 1f || float.IsNaN(rate)) throw new ArgumentOutOfRangeException(nameof(rate), rate, "The dropout rate must be in [0, 1).");
        ArgumentNullException.ThrowIfNull(random);
        Rate = rate;
        _seed = random.NextUInt64();
    }

    public float Rate { get; }

    protected override Tensor Forward(Tensor input, bool training) =>
        training && Rate > 0f ? input.Dropout(Rate, _seed) : input;
}
