using Sluice.Estimators.FeatureColumns;
using Sluice.Estimators.Features;

namespace Sluice.Estimators.Model;

/// <summary>
/// The inference path: logits = linear(features) + dnn(features) for selected examples of a featurised batch. Used
/// by training (with dropout and batch statistics) and by evaluation and the predictor of a loaded export (without
/// dropout, with batch norm's moving statistics); allocates nothing.
/// </summary>
internal static class NetworkForward
{
    /// <param name="rows">which examples of <paramref name="features"/> to run, in batch order</param>
    /// <param name="training">batch norm uses (and updates the moving averages from) the batch statistics</param>
    public static void Run(NetworkParameters p, FeatureBatch features, ReadOnlySpan<int> rows, NetworkWorkspace ws, float dropout, ref SplitMix64 rng, bool training = false)
    {
        int n = rows.Length, units = p.Units;
        var logits = ws.Logits.AsSpan(0, n * units);
        logits.Clear();
        if (p.LinearWeights is { } w)
        {
            var bias = p.LinearBias!.Values;
            for (int i = 0; i < n; i++)
            {
                var ids = features.Linear.Ids(rows[i]);
                var values = features.Linear.Weights(rows[i]);
                var output = logits.Slice(i * units, units);
                bias.AsSpan().CopyTo(output);
                if (units == 1)
                {
                    float sum = output[0];
                    for (int j = 0; j < ids.Length; j++) sum += values[j] * w.Values[ids[j]];
                    output[0] = sum;
                }
                else
                {
                    for (int j = 0; j < ids.Length; j++) DenseMath.Axpy(values[j], w.Row(ids[j]), output);
                }
            }
        }
        if (p.Kernels.Length == 0) return;

        BuildInput(p, features, rows, ws.Input);
        ReadOnlySpan<float> x = ws.Input;
        int inputs = p.Layout.DnnInputWidth;
        for (int l = 0; l < p.Kernels.Length; l++)
        {
            var kernel = p.Kernels[l];
            var y = ws.Outputs[l].AsSpan(0, n * kernel.Cols);
            DenseMath.DenseForward(x, n, inputs, kernel.Values, p.Biases[l].Values, kernel.Cols, y);
            if (l < p.HiddenUnits.Length)
            {
                ActivationMath.Apply(p.Activation, y);
                if (dropout > 0f) ApplyDropout(y, ws.DropoutMasks[l], dropout, ref rng);
                if (p.BatchNorm) Normalize(p, ws, l, y, n, training);
            }
            x = y;
            inputs = kernel.Cols;
        }
        DenseMath.Axpy(1f, x[..(n * units)], logits);
    }

    private static void Normalize(NetworkParameters p, NetworkWorkspace ws, int layer, Span<float> y, int n, bool training)
    {
        int width = p.HiddenUnits[layer];
        if (!training)
        {
            BatchNormMath.ForwardInference(y, n, p.Gammas[layer].Values, p.Betas[layer].Values, p.MovingMeans[layer].Values, p.MovingVariances[layer].Values, ws.BatchMeans[layer]);
            return;
        }
        y.CopyTo(ws.BatchNormInputs[layer]);
        BatchNormMath.ForwardTraining(y, n, p.Gammas[layer].Values, p.Betas[layer].Values, p.MovingMeans[layer].Values, p.MovingVariances[layer].Values,
            ws.Normalized[layer].AsSpan(0, n * width), ws.BatchMeans[layer], ws.InverseStdDevs[layer]);
    }

    private static void ApplyDropout(Span<float> y, float[] mask, float rate, ref SplitMix64 rng)
    {
        float keep = 1f / (1f - rate);
        for (int i = 0; i < y.Length; i++)
        {
            float m = rng.NextFloat() < rate ? 0f : keep;
            mask[i] = m;
            y[i] *= m;
        }
    }

    /// <summary>Concatenates dense slices and combined embeddings into the DNN input rows.</summary>
    private static void BuildInput(NetworkParameters p, FeatureBatch features, ReadOnlySpan<int> rows, Span<float> input)
    {
        var layout = p.Layout;
        int width = layout.DnnInputWidth;
        for (int i = 0; i < rows.Length; i++)
        {
            var dst = input.Slice(i * width, width);
            var dense = features.DenseRow(rows[i]);
            foreach (var segment in layout.Segments)
            {
                var slot = dst.Slice(segment.InputOffset, segment.Width);
                if (segment.EmbeddingIndex < 0)
                {
                    dense.Slice(segment.DenseOffset, segment.Width).CopyTo(slot);
                    continue;
                }
                slot.Clear();
                var column = layout.Embeddings[segment.EmbeddingIndex];
                var table = p.Embeddings[segment.EmbeddingIndex];
                var sparse = features.EmbeddingIds[segment.EmbeddingIndex];
                var ids = sparse.Ids(rows[i]);
                var weights = sparse.Weights(rows[i]);
                float scale = EmbeddingScale(column.Combiner, weights);
                for (int j = 0; j < ids.Length; j++)
                {
                    var vector = table.Row(ids[j]);
                    DenseMath.Axpy(weights[j] * scale * ClipFactor(vector, column.MaxNorm), vector, slot);
                }
            }
        }
    }

    /// <summary>The combiner's normaliser: 1/Σw (mean), 1/√Σw² (sqrtn), 1 (sum); 0 for an empty row.</summary>
    internal static float EmbeddingScale(EmbeddingCombiner combiner, ReadOnlySpan<float> weights)
    {
        if (weights.Length == 0 || combiner == EmbeddingCombiner.Sum) return 1f;
        float total = 0f;
        if (combiner == EmbeddingCombiner.Mean) foreach (float w in weights) total += w;
        else
        {
            foreach (float w in weights) total += w * w;
            total = MathF.Sqrt(total);
        }
        return total == 0f ? 0f : 1f / total;
    }

    /// <summary>max_norm: rows longer than the limit are scaled down to it before combining.</summary>
    internal static float ClipFactor(ReadOnlySpan<float> vector, float? maxNorm)
    {
        if (maxNorm is not { } limit) return 1f;
        float norm = MathF.Sqrt(DenseMath.Dot(vector, vector));
        return norm > limit ? limit / norm : 1f;
    }
}
