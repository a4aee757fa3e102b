using Sluice.Learning.Layers;
using Sluice.Learning.Losses;
using Sluice.Learning.Optimizers;
using Sluice.Learning.Training;
using Sluice.Tensors;
using Sluice.Tensors.Random;

namespace Sluice.Learning.Tests.Training;

/// <summary>
/// A small wide &amp; deep binary classifier used by several tests: a linear part over sparse ids (a one-column
/// "embedding" of width 1, sum combiner — TF's linear model) trained by FTRL, and a DNN over an embedding of the same
/// ids plus dense features, with batch normalisation and dropout, trained by Adagrad. One global step.
/// </summary>
internal sealed class WideAndDeepModel
{
    public const int Vocabulary = 1_000;
    public const int IdsPerExample = 3;
    public const int DenseFeatures = 4;

    public WideAndDeepModel(ulong seed)
    {
        var random = new RandomGenerator(seed);
        Linear = new Embedding("linear/weights", Vocabulary, 1, Combiner.Sum, random, Sluice.Learning.Initializers.Initializer.Zeros);
        Embedding = new Embedding("dnn/embedding", Vocabulary, 4, Combiner.Mean, random);
        Deep = new Sequential("dnn",
            new Dense("dnn/hiddenlayer_0", 4 + DenseFeatures, 16, Activation.Relu, random),
            new BatchNormalization("dnn/batchnorm_0", 16, random),
            new Dropout("dnn/dropout_0", 0.1f),
            new Dense("dnn/logits", 16, 1, Activation.Linear, random));
        LinearBias = new Variable("linear/bias", Tensor.Zeros(new Shape(1)));
    }

    public Embedding Linear { get; }
    public Embedding Embedding { get; }
    public Sequential Deep { get; }
    public Variable LinearBias { get; }

    public Ftrl LinearOptimizer { get; } = new(0.1f, l1RegularizationStrength: 0.001f);
    public Adagrad DnnOptimizer { get; } = new(0.05f);

    /// <summary>logit = linear(ids) + b + dnn([embedding(ids), dense]).</summary>
    public Tensor Logits(Tensor ids, Tensor dense, bool training)
    {
        Tensor wide = Linear.Call(ids, training) + LinearBias;
        Tensor deepInput = Tensor.Concat(1, Embedding.Call(ids, training), dense);
        return wide + Deep.Call(deepInput, training);
    }

    public TrainingStep CreateStep(int batch, float? clipNorm = null, ulong seed = 1) => new(
        [
            new TensorSpec(DType.Int32, new Shape(batch, IdsPerExample), "ids"),
            new TensorSpec(DType.Float32, new Shape(batch, DenseFeatures), "dense"),
            new TensorSpec(DType.Float32, new Shape(batch, 1), "label"),
        ],
        t => [Loss.SigmoidCrossEntropy(Logits(t[0], t[1], training: true), t[2])],
        [
            new OptimizerAssignment(LinearOptimizer, [Linear.Table, LinearBias]),
            new OptimizerAssignment(DnnOptimizer, [.. Embedding.TrainableVariables, .. Deep.TrainableVariables]),
        ],
        new TrainingStepOptions { ClipNorm = clipNorm, Seed = seed });

    /// <summary>A synthetic batch: the label is 1 when the sum of a hidden per-id score plus the first dense feature is positive.</summary>
    public static void FillBatch(TrainingStep step, int batch, int batchIndex)
    {
        var random = new Random(1000 + batchIndex);
        Span<int> ids = step.Input<int>(0, batch, IdsPerExample);
        Span<float> dense = step.Input<float>(1, batch, DenseFeatures);
        Span<float> labels = step.Input<float>(2, batch, 1);
        for (int row = 0; row < batch; row++)
        {
            double score = 0;
            for (int k = 0; k < IdsPerExample; k++)
            {
                // Some slots are missing (−1), as with an optional categorical value.
                int id = k == 2 && random.NextDouble() < 0.3 ? -1 : random.Next(Vocabulary);
                ids[row * IdsPerExample + k] = id;
                if (id >= 0) score += (id % 7) - 3;
            }
            for (int f = 0; f < DenseFeatures; f++) dense[row * DenseFeatures + f] = (float)(random.NextDouble() * 2 - 1);
            score += 3 * dense[row * DenseFeatures];
            labels[row] = score > 0 ? 1f : 0f;
        }
    }
}
