using Sluice.Learning.Losses;
using Sluice.Tensors;
using Sluice.TestKit;

namespace Sluice.Learning.Tests.Losses;

/// <summary>Loss values against hand computation (eager).</summary>
public sealed class LossTests
{
    private static Tensor Column(params float[] values) => Tensor.FromArray(values, values.Length, 1);

    [Fact]
    public void Mean_squared_error_with_each_reduction()
    {
        Tensor predictions = Column(1f, 2f, 4f), labels = Column(0f, 2f, 1f);
        // squared errors 1, 0, 9
        AssertClose.Scalar(10, Loss.MeanSquaredError(predictions, labels).ToScalar());
        AssertClose.Scalar(10.0 / 3, Loss.MeanSquaredError(predictions, labels, reduction: Reduction.SumOverBatchSize).ToScalar());
        Tensor weights = Tensor.FromArray([2f, 1f, 0.5f], 3);
        AssertClose.Scalar(2 + 0 + 4.5, Loss.MeanSquaredError(predictions, labels, weights).ToScalar());
        AssertClose.Scalar(6.5 / 3, Loss.MeanSquaredError(predictions, labels, weights, Reduction.SumOverBatchSize).ToScalar());
        AssertClose.Scalar(6.5 / 3.5, Loss.MeanSquaredError(predictions, labels, weights, Reduction.Mean).ToScalar());
    }

    [Fact]
    public void Mean_absolute_error_and_huber()
    {
        Tensor predictions = Column(1f, 2f, 4f, -0.5f), labels = Column(0f, 2f, 1f, 0f);
        // |e| = 1, 0, 3, 0.5
        AssertClose.Scalar(4.5, Loss.MeanAbsoluteError(predictions, labels).ToScalar());
        // Huber δ=1: 0.5·1, 0, 1·3 − 0.5, 0.5·0.25
        AssertClose.Scalar(0.5 + 0 + 2.5 + 0.125, Loss.Huber(predictions, labels).ToScalar());
        // δ=2: 0.5, 0, 2·3 − 2, 0.125
        AssertClose.Scalar(0.5 + 0 + 4 + 0.125, Loss.Huber(predictions, labels, delta: 2f).ToScalar());
    }

    [Fact]
    public void Sigmoid_cross_entropy_is_stable_for_large_logits()
    {
        Tensor logits = Column(0f, 2f, -3f, 100f, -100f), labels = Column(1f, 0f, 0f, 1f, 1f);
        double expected = Math.Log(2) + (2 + Math.Log(1 + Math.Exp(-2))) + Math.Log(1 + Math.Exp(-3)) + Math.Log(1 + Math.Exp(-100)) + 100 + Math.Log(1 + Math.Exp(-100));
        AssertClose.Scalar(expected, Loss.SigmoidCrossEntropy(logits, labels).ToScalar(), rtol: 1e-5);
    }

    [Fact]
    public void Softmax_cross_entropy_dense_and_sparse_labels_agree()
    {
        Tensor logits = Tensor.FromArray([1f, 2f, 3f, 0f, 0f, 5f], 2, 3);
        Tensor oneHot = Tensor.FromArray([0f, 0f, 1f, 1f, 0f, 0f], 2, 3);
        Tensor ids = Tensor.FromArray([2, 0], 2);
        double first = -(3 - Math.Log(Math.Exp(1) + Math.Exp(2) + Math.Exp(3)));
        double second = -(0 - Math.Log(2 + Math.Exp(5)));
        AssertClose.Scalar(first + second, Loss.SoftmaxCrossEntropy(logits, oneHot).ToScalar(), rtol: 1e-5);
        AssertClose.Scalar(first + second, Loss.SparseSoftmaxCrossEntropy(logits, ids).ToScalar(), rtol: 1e-5);
        Tensor weights = Tensor.FromArray([1f, 3f], 2);
        AssertClose.Scalar((first + 3 * second) / 2, Loss.SparseSoftmaxCrossEntropy(logits, ids, weights, Reduction.SumOverBatchSize).ToScalar(), rtol: 1e-5);
    }

    [Fact]
    public void Weighted_mean_of_all_zero_weights_is_zero_not_nan()
    {
        Tensor loss = Loss.MeanSquaredError(Column(1f, 2f), Column(0f, 0f), Tensor.FromArray([0f, 0f], 2), Reduction.Mean);
        Assert.Equal(0f, loss.ToScalar());
    }
}
