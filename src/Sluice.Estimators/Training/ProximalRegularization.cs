namespace Sluice.Estimators.Training;

/// <summary>
/// L1/L2 regularisation of DNN kernels as a proximal step after the optimizer's update (TF1's
/// <c>ProximalGradientDescent</c> shrinkage with the step's learning rate η):
/// w ← sign(w) · max(|w| − η·l1, 0) / (1 + η·l2). Unlike a penalty added to the gradient, the L1 part sets weights
/// to exactly zero.
/// </summary>
internal static class ProximalRegularization
{
    public static void Apply(Span<float> weights, float learningRate, float l1, float l2)
    {
        float threshold = learningRate * l1, shrink = 1f / (1f + learningRate * l2);
        for (int i = 0; i < weights.Length; i++)
        {
            float w = weights[i];
            float magnitude = MathF.Abs(w) - threshold;
            weights[i] = magnitude > 0f ? MathF.CopySign(magnitude * shrink, w) : 0f;
        }
    }
}
