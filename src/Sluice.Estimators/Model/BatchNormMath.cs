namespace Sluice.Estimators.Model;

/// <summary>
/// Batch normalisation of a (batch, width) activation, per unit j: y = γ·(x − μ)/√(σ² + ε) + β. Training uses the
/// batch's μ and (biased) σ² and moves the moving statistics m ← momentum·m + (1 − momentum)·batch statistic;
/// inference uses the moving statistics. Row-major spans; nothing allocates.
/// </summary>
internal static class BatchNormMath
{
    /// <summary>Training forward pass: normalises <paramref name="values"/> in place with the batch statistics.</summary>
    /// <param name="values">(batch, width) in: x; out: y</param>
    /// <param name="normalized">(batch, width) out: x̂, kept for the backward pass</param>
    /// <param name="mean">(width) scratch</param>
    /// <param name="inverseStdDev">(width) out: 1/√(σ² + ε), kept for the backward pass</param>
    public static void ForwardTraining(Span<float> values, int batch, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        Span<float> movingMean, Span<float> movingVariance, Span<float> normalized, Span<float> mean, Span<float> inverseStdDev)
    {
        int width = gamma.Length;
        mean.Clear();
        inverseStdDev.Clear();
        float scale = 1f / batch;
        for (int r = 0; r < batch; r++) DenseMath.Axpy(scale, values.Slice(r * width, width), mean);
        // Σ(x − μ)² in a second pass (not E[x²] − μ², which cancels badly when |μ| ≫ σ).
        for (int r = 0; r < batch; r++)
        {
            var row = values.Slice(r * width, width);
            for (int j = 0; j < width; j++)
            {
                float d = row[j] - mean[j];
                inverseStdDev[j] += d * d;
            }
        }
        const float momentum = NetworkParameters.BatchNormMomentum;
        for (int j = 0; j < width; j++)
        {
            float variance = inverseStdDev[j] * scale;
            movingMean[j] = momentum * movingMean[j] + (1f - momentum) * mean[j];
            movingVariance[j] = momentum * movingVariance[j] + (1f - momentum) * variance;
            inverseStdDev[j] = 1f / MathF.Sqrt(variance + NetworkParameters.BatchNormEpsilon);
        }
        for (int r = 0; r < batch; r++)
        {
            var row = values.Slice(r * width, width);
            var xHat = normalized.Slice(r * width, width);
            for (int j = 0; j < width; j++)
            {
                float h = (row[j] - mean[j]) * inverseStdDev[j];
                xHat[j] = h;
                row[j] = gamma[j] * h + beta[j];
            }
        }
    }

    /// <summary>Inference: y = γ·(x − moving mean)/√(moving variance + ε) + β, in place.</summary>
    public static void ForwardInference(Span<float> values, int batch, ReadOnlySpan<float> gamma, ReadOnlySpan<float> beta,
        ReadOnlySpan<float> movingMean, ReadOnlySpan<float> movingVariance, Span<float> scratchScale)
    {
        int width = gamma.Length;
        for (int j = 0; j < width; j++) scratchScale[j] = gamma[j] / MathF.Sqrt(movingVariance[j] + NetworkParameters.BatchNormEpsilon);
        for (int r = 0; r < batch; r++)
        {
            var row = values.Slice(r * width, width);
            for (int j = 0; j < width; j++) row[j] = (row[j] - movingMean[j]) * scratchScale[j] + beta[j];
        }
    }

    /// <summary>
    /// Backward pass through the training forward: dβ = Σ dy, dγ = Σ dy·x̂, and in place
    /// dx = γ/(n·√(σ² + ε)) · (n·dy − dβ − x̂·dγ).
    /// </summary>
    /// <param name="gradient">(batch, width) in: dL/dy; out: dL/dx</param>
    public static void Backward(Span<float> gradient, int batch, ReadOnlySpan<float> normalized, ReadOnlySpan<float> gamma,
        ReadOnlySpan<float> inverseStdDev, Span<float> gammaGradient, Span<float> betaGradient)
    {
        int width = gamma.Length;
        gammaGradient.Clear();
        betaGradient.Clear();
        for (int r = 0; r < batch; r++)
        {
            var dy = gradient.Slice(r * width, width);
            var xHat = normalized.Slice(r * width, width);
            for (int j = 0; j < width; j++)
            {
                betaGradient[j] += dy[j];
                gammaGradient[j] += dy[j] * xHat[j];
            }
        }
        float n = batch;
        for (int r = 0; r < batch; r++)
        {
            var dy = gradient.Slice(r * width, width);
            var xHat = normalized.Slice(r * width, width);
            for (int j = 0; j < width; j++)
                dy[j] = gamma[j] * inverseStdDev[j] / n * (n * dy[j] - betaGradient[j] - xHat[j] * gammaGradient[j]);
        }
    }
}
