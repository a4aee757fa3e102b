namespace Sluice.Tensors;

// Neural-network functions, all composed from primitives (no kernels or gradient rules of their own).
public sealed partial class Tensor
{
    /// <summary>e^(x - max) / Σ e^(x - max) along <paramref name="axis"/>.</summary>
    public Tensor Softmax(int axis = -1)
    {
        var e = (this - Max(axis, keepDims: true).StopGradient()).Exp();
        return e / e.Sum(axis, keepDims: true);
    }

    /// <summary>
    /// x - logsumexp(x) along <paramref name="axis"/>, computed as (x - m) - log Σ e^(x - m) so large logits keep full
    /// precision (m, the maximum, cancels out of the gradient).
    /// </summary>
    public Tensor LogSoftmax(int axis = -1)
    {
        var shifted = this - Max(axis, keepDims: true).StopGradient();
        return shifted - shifted.Exp().Sum(axis, keepDims: true).Log();
    }

    /// <summary>
    /// Per-element loss of logits x against labels z in [0,1], stable for any x:
    /// max(x,0) - x·z + log(1 + e^-|x|) (TF's formulation; gradient σ(x) - z, also at x = 0).
    /// </summary>
    public Tensor SigmoidCrossEntropyWithLogits(Tensor labels)
    {
        var nonNegative = GreaterEqual(0f);
        var relu = Where(nonNegative, this, 0f);
        var negAbs = Where(nonNegative, -this, this);
        return relu - this * labels + (negAbs.Exp() + 1f).Log();
    }

    /// <summary>-Σ labels · log_softmax(logits) over the last axis: one loss per example.</summary>
    public Tensor SoftmaxCrossEntropyWithLogits(Tensor labels) => -(labels * LogSoftmax(-1)).Sum(-1);

    /// <summary>Softmax cross-entropy against integer class ids (one per example).</summary>
    public Tensor SparseSoftmaxCrossEntropyWithLogits(Tensor classIds) =>
        SoftmaxCrossEntropyWithLogits(classIds.OneHot(Shape.Dims[^1]));

    /// <summary>
    /// Inverted dropout: keeps each element with probability 1 - rate and scales kept ones by 1/(1 - rate). In a compiled
    /// plan the mask changes every run (drawn from the plan's seeded counter-based RNG); <paramref name="seed"/>
    /// separates this node's stream from others.
    /// </summary>
    public Tensor Dropout(float rate, ulong seed)
    {
        if (rate is < 0f or >= 1f) throw new ArgumentOutOfRangeException(nameof(rate), $"Dropout rate must be in [0, 1), got {rate}.");
        if (rate == 0f) return this;
        var keep = Apply(Op.RandomUniformLike, new RandomParams(seed), this).GreaterEqual(rate);
        return Where(keep, this * (1f / (1f - rate)), 0f);
    }
}
