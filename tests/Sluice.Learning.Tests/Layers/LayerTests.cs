using Sluice.Learning.Layers;
using Sluice.Tensors;
using Sluice.Tensors.Random;
using Sluice.TestKit;

namespace Sluice.Learning.Tests.Layers;

/// <summary>Layer forward passes (eager) against hand computation.</summary>
public sealed class LayerTests
{
    [Fact]
    public void Dense_computes_activation_of_x_times_w_plus_b()
    {
        var dense = new Dense("hidden", inputs: 2, units: 3, Activation.Relu, new RandomGenerator(1));
        dense.Kernel.Assign(Tensor.FromArray([1f, -1f, 0.5f, 2f, 1f, -3f], 2, 3));
        dense.Bias!.Assign(Tensor.FromArray([0.5f, 0f, 1f], 3));
        Tensor y = dense.Call(Tensor.FromArray([1f, 2f, -1f, 0f], 2, 2));
        // row 0: [1+4, -1+2, 0.5-6] + b = [5.5, 1, -4.5] → relu; row 1: [-1, 1, -0.5] + b = [-0.5, 1, 0.5] → relu
        Assert.Equal([5.5f, 1f, 0f, 0f, 1f, 0.5f], y.ToArray());
        Assert.Equal(["hidden/kernel", "hidden/bias"], dense.Variables.Select(v => v.Name));
        var error = Assert.Throws<ArgumentException>(() => dense.Call(Tensor.Zeros(new Shape(2, 5))));
        Assert.Contains("hidden", error.Message);
    }

    [Fact]
    public void Sequential_chains_layers_and_collects_their_variables()
    {
        var random = new RandomGenerator(2);
        var model = new Sequential("mlp",
            new Dense("h1", 4, 8, Activation.Tanh, random),
            new Dropout("drop", 0.5f),
            new Dense("out", 8, 1, Activation.Linear, random));
        Assert.Equal(["h1/kernel", "h1/bias", "out/kernel", "out/bias"], model.Variables.Select(v => v.Name));
        Tensor x = Tensor.RandomNormal(new Shape(5, 4), new RandomGenerator(9));
        Tensor y = model.Call(x);
        Assert.Equal(new Shape(5, 1), y.Shape);
        // Inference ignores dropout, so two calls agree exactly.
        Assert.Equal(y.ToArray(), model.Call(x).ToArray());
    }

    [Fact]
    public void Dropout_is_identity_at_inference_and_drops_and_rescales_while_training()
    {
        var dropout = new Dropout("drop", 0.25f);
        Tensor x = Tensor.Ones(new Shape(100, 100));
        Assert.Equal(x.ToArray(), dropout.Call(x).ToArray());
        float[] trained = dropout.Call(x, training: true).ToArray();
        int zeros = trained.Count(v => v == 0f);
        Assert.InRange(zeros, 2_200, 2_800);
        Assert.All(trained.Where(v => v != 0f), v => AssertClose.Scalar(1 / 0.75, v));
    }

    [Theory]
    [InlineData(Combiner.Sum)]
    [InlineData(Combiner.Mean)]
    [InlineData(Combiner.SqrtN)]
    public void Embedding_combines_padded_ids_per_example(Combiner combiner)
    {
        var embedding = new Embedding("occupation", vocabularySize: 4, dimension: 2, combiner, new RandomGenerator(1));
        embedding.Table.Assign(Tensor.FromArray([1f, 2f, 10f, 20f, 100f, 200f, -1f, -2f], 4, 2));
        // example 0: ids 1, 2; example 1: id 3 (one pad); example 2: no ids at all.
        Tensor ids = Tensor.FromArray([1, 2, 3, -1, -1, -1], 3, 2);
        float[] y = embedding.Call(ids).ToArray();
        float[] expected = combiner switch
        {
            Combiner.Sum => [110f, 220f, -1f, -2f, 0f, 0f],
            Combiner.Mean => [55f, 110f, -1f, -2f, 0f, 0f],
            _ => [110f / MathF.Sqrt(2), 220f / MathF.Sqrt(2), -1f, -2f, 0f, 0f],
        };
        AssertClose.Spans(expected, y);
    }

    [Fact]
    public void Embedding_sparse_lookup_weights_ids_and_groups_them_by_example()
    {
        var embedding = new Embedding("words", vocabularySize: 3, dimension: 2, Combiner.Mean, new RandomGenerator(1));
        embedding.Table.Assign(Tensor.FromArray([1f, 0f, 0f, 1f, 2f, 2f], 3, 2));
        Tensor ids = Tensor.FromArray([0, 2, 1, -1], 4);
        Tensor examples = Tensor.FromArray([0, 0, 2, 2], 4);
        Tensor weights = Tensor.FromArray([3f, 1f, 2f, 5f], 4);
        Tensor batch = Tensor.Zeros(new Shape(3, 1));
        float[] y = embedding.Lookup(ids, examples, batch, weights).ToArray();
        // example 0: (3·[1,0] + 1·[2,2]) / 4; example 1: nothing; example 2: 2·[0,1] / 2 (the −1 id and its weight are ignored)
        AssertClose.Spans([5f / 4, 2f / 4, 0f, 0f, 0f, 1f], y);
    }

    [Fact]
    public void Embedding_max_norm_shortens_only_long_rows()
    {
        var embedding = new Embedding("e", vocabularySize: 2, dimension: 2, Combiner.Sum, new RandomGenerator(1), maxNorm: 1f);
        embedding.Table.Assign(Tensor.FromArray([3f, 4f, 0.3f, 0.4f], 2, 2));
        float[] y = embedding.Call(Tensor.FromArray([0, 1], 2, 1)).ToArray();
        AssertClose.Spans([0.6f, 0.8f, 0.3f, 0.4f], y);
    }

    [Fact]
    public void Batch_normalization_normalizes_batches_and_tracks_moving_statistics()
    {
        var bn = new BatchNormalization("bn", features: 2, new RandomGenerator(1), momentum: 0.9f);
        Tensor x = Tensor.FromArray([1f, 10f, 3f, 30f, 5f, 20f], 3, 2);
        float[] y = bn.Call(x, training: true).ToArray();
        // feature 0: mean 3, variance 8/3; feature 1: mean 20, variance 200/3
        double s0 = Math.Sqrt(8.0 / 3 + 1e-3), s1 = Math.Sqrt(200.0 / 3 + 1e-3);
        AssertClose.Spans([(float)(-2 / s0), (float)(-10 / s1), 0f, (float)(10 / s1), (float)(2 / s0), 0f], y, rtol: 1e-5f, atol: 1e-5f);
        AssertClose.Spans([0.3f, 2f], bn.MovingMean.AsSpan());
        AssertClose.Spans([0.9f + 0.1f * 8f / 3, 0.9f + 0.1f * 200f / 3], bn.MovingVariance.AsSpan(), rtol: 1e-5f);

        // Inference uses the moving statistics.
        float[] inference = bn.Call(Tensor.FromArray([0.3f, 2f], 1, 2)).ToArray();
        AssertClose.Spans([0f, 0f], inference, atol: 1e-6f);
        Assert.Equal(["bn/gamma", "bn/beta"], bn.TrainableVariables.Select(v => v.Name));
    }
}
