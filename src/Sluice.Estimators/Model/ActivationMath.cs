namespace Sluice.Estimators.Model;

/// <summary>Activations in place and their derivatives expressed through the output y (so only outputs are kept).</summary>
internal static class ActivationMath
{
    public static void Apply(Activation activation, Span<float> values)
    {
        switch (activation)
        {
            case Activation.Relu:
                for (int i = 0; i < values.Length; i++) values[i] = MathF.Max(values[i], 0f);
                break;
            case Activation.Tanh:
                for (int i = 0; i < values.Length; i++) values[i] = MathF.Tanh(values[i]);
                break;
            case Activation.Sigmoid:
                for (int i = 0; i < values.Length; i++) values[i] = 1f / (1f + MathF.Exp(-values[i]));
                break;
            case Activation.Elu:
                for (int i = 0; i < values.Length; i++) values[i] = values[i] > 0f ? values[i] : MathF.Exp(values[i]) - 1f;
                break;
        }
    }

    /// <summary>gradient *= f'(x), written with y = f(x): relu 1[y&gt;0], tanh 1-y², sigmoid y(1-y), elu y+1 for y≤0.</summary>
    public static void Backward(Activation activation, ReadOnlySpan<float> outputs, Span<float> gradient)
    {
        switch (activation)
        {
            case Activation.Relu:
                for (int i = 0; i < gradient.Length; i++) if (outputs[i] <= 0f) gradient[i] = 0f;
                break;
            case Activation.Tanh:
                for (int i = 0; i < gradient.Length; i++) gradient[i] *= 1f - outputs[i] * outputs[i];
                break;
            case Activation.Sigmoid:
                for (int i = 0; i < gradient.Length; i++) gradient[i] *= outputs[i] * (1f - outputs[i]);
                break;
            case Activation.Elu:
                for (int i = 0; i < gradient.Length; i++) if (outputs[i] <= 0f) gradient[i] *= outputs[i] + 1f;
                break;
        }
    }
}
