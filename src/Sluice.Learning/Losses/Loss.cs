using Sluice.Tensors;

namespace Sluice.Learning.Losses;

/// <summary>
/// Standard losses, composed from tensor ops (so they need no gradient rules of their own). Each computes a loss per
/// element, multiplies by optional per-example weights (broadcast over the trailing axes) and reduces to a scalar.
/// </summary>
public static class Loss
{
    /// <summary>(ŷ − y)².</summary>
    /// <param name="predictions">(batch, d)</param>
    /// <param name="labels">(batch, d)</param>
    /// <param name="weights">(batch, 1) or (batch, d) or null</param>
    public static Tensor MeanSquaredError(Tensor predictions, Tensor labels, Tensor? weights = null, Reduction reduction = Reduction.Sum)
    {
        Tensor error = predictions - labels;
        return Reduce(error * error, weights, reduction);
    }

    /// <summary>|ŷ − y|.</summary>
    public static Tensor MeanAbsoluteError(Tensor predictions, Tensor labels, Tensor? weights = null, Reduction reduction = Reduction.Sum) =>
        Reduce((predictions - labels).Abs(), weights, reduction);

    /// <summary>½e² where |e| ≤ δ, δ·|e| − ½δ² beyond (e = ŷ − y): quadratic near 0, linear in the tails.</summary>
    public static Tensor Huber(Tensor predictions, Tensor labels, float delta = 1f, Tensor? weights = null, Reduction reduction = Reduction.Sum)
    {
        if (!(delta > 0f)) throw new ArgumentOutOfRangeException(nameof(delta), delta, "Huber δ must be > 0.");
        Tensor absolute = (predictions - labels).Abs();
        // TF's split: the quadratic part is min(|e|, δ), the rest is linear; equal to the piecewise form everywhere.
        Tensor quadratic = Tensor.Minimum(absolute, Tensor.Scalar(delta));
        Tensor linear = absolute - quadratic;
        return Reduce(0.5f * quadratic * quadratic + delta * linear, weights, reduction);
    }

    /// <summary>Binary cross-entropy from logits, stable for any logit: max(x,0) − x·z + log(1 + e^−|x|).</summary>
    /// <param name="logits">(batch, 1) or (batch, d)</param>
    /// <param name="labels">same shape, values in [0, 1]</param>
    public static Tensor SigmoidCrossEntropy(Tensor logits, Tensor labels, Tensor? weights = null, Reduction reduction = Reduction.Sum) =>
        Reduce(logits.SigmoidCrossEntropyWithLogits(labels), weights, reduction);

    /// <summary>−Σ_c y_c·log softmax(x)_c per example.</summary>
    /// <param name="logits">(batch, classes)</param>
    /// <param name="labels">(batch, classes) probabilities (one-hot or soft)</param>
    /// <param name="weights">(batch) or null</param>
    public static Tensor SoftmaxCrossEntropy(Tensor logits, Tensor labels, Tensor? weights = null, Reduction reduction = Reduction.Sum) =>
        Reduce(logits.SoftmaxCrossEntropyWithLogits(labels), weights, reduction);

    /// <summary>Softmax cross-entropy against integer class ids.</summary>
    /// <param name="logits">(batch, classes)</param>
    /// <param name="classIds">(batch) int32</param>
    /// <param name="weights">(batch) or null</param>
    public static Tensor SparseSoftmaxCrossEntropy(Tensor logits, Tensor classIds, Tensor? weights = null, Reduction reduction = Reduction.Sum) =>
        Reduce(logits.SparseSoftmaxCrossEntropyWithLogits(classIds), weights, reduction);

    /// <summary>Weights the per-element losses and reduces them to a scalar.</summary>
    /// <param name="losses">(batch, …) per-element losses</param>
    /// <param name="weights">(batch) or any shape broadcastable to <paramref name="losses"/>; a (batch) vector is
    /// applied per example (reshaped to (batch, 1, …) so it never broadcasts across the batch)</param>
    public static Tensor Reduce(Tensor losses, Tensor? weights, Reduction reduction)
    {
        ArgumentNullException.ThrowIfNull(losses);
        if (weights is not null && weights.Rank == 1 && losses.Rank > 1)
        {
            int[] dims = new int[losses.Rank];
            dims.AsSpan().Fill(1);
            dims[0] = -1;
            weights = weights.Reshape(dims);
        }
        Tensor weighted = weights is null ? losses : losses * weights;
        Tensor total = weighted.Sum();
        return reduction switch
        {
            Reduction.Sum => total,
            Reduction.SumOverBatchSize => total / losses.CountOf(),
            // A batch whose weights are all zero has a zero loss, not NaN (TF's safe division).
            Reduction.Mean => weights is null
                ? total / losses.CountOf()
                : total / Tensor.Maximum(weights.BroadcastLike(losses).Sum(), Tensor.Scalar(1e-12f)),
            _ => throw new ArgumentOutOfRangeException(nameof(reduction), reduction, "Unknown reduction."),
        };
    }
}
