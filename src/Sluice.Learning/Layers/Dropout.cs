using System.Text;
using Sluice.Tensors;

namespace Sluice.Learning.Layers;

/// <summary>
/// Inverted dropout: while training, each element is zeroed with probability <see cref="Rate"/> and kept ones are
/// scaled by 1/(1−rate); at inference it is the identity. In a compiled plan the mask is redrawn every run from the
/// plan's seeded RNG.
/// </summary>
/// <remarks>
/// The layer's own stream id comes from its name (FNV-1a 64 of the UTF-8 name) unless given, like TF's op-level seed
/// derived from the graph: a model rebuilt with the same names and restored from a checkpoint (which holds the plan's
/// RNG state) draws exactly the masks the uninterrupted run would have drawn.
/// </remarks>
public sealed class Dropout : Layer
{
    /// <param name="rate">the probability of dropping an element, in [0, 1)</param>
    /// <param name="streamId">separates this layer's masks from other dropout layers; default derived from the name</param>
    public Dropout(string name, float rate, ulong? streamId = null) : base(name)
    {
        if (rate is < 0f or >= 1f || float.IsNaN(rate)) throw new ArgumentOutOfRangeException(nameof(rate), rate, "The dropout rate must be in [0, 1).");
        Rate = rate;
        StreamId = streamId ?? Fnv1a64(name);
    }

    public float Rate { get; }

    public ulong StreamId { get; }

    protected override Tensor Forward(Tensor input, bool training) =>
        training && Rate > 0f ? input.Dropout(Rate, StreamId) : input;

    private static ulong Fnv1a64(string text)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte b in Encoding.UTF8.GetBytes(text))
        {
            hash ^= b;
            hash *= 1099511628211UL;
        }
        return hash;
    }
}
