namespace Sluice.Board.Scalars;

/// <summary>
/// TensorBoard's debiased exponential moving average: last = last·w + (1−w)·v, shown as last / (1 − wⁿ) after n
/// finite values. Non-finite values pass through unsmoothed, and a constant series is returned as is (plain EMA
/// would bend it at the start, TensorBoard issue #786). Computed on the full series before downsampling, so the
/// smoothed curve does not depend on how many points are drawn.
/// </summary>
internal static class Smoothing
{
    /// <param name="values">(n) raw values.</param>
    /// <param name="weight">In [0, 1): 0 is no smoothing.</param>
    /// <param name="smoothed">(n) receives the smoothed values.</param>
    public static void DebiasedEma(ReadOnlySpan<float> values, double weight, Span<double> smoothed)
    {
        if (smoothed.Length < values.Length) throw new ArgumentException("The output span is shorter than the input.", nameof(smoothed));
        if (!(weight >= 0 && weight < 1)) throw new ArgumentOutOfRangeException(nameof(weight), weight, "Smoothing must be in [0, 1).");

        if (IsConstant(values) || weight == 0)
        {
            for (int i = 0; i < values.Length; i++) smoothed[i] = values[i];
            return;
        }
        double last = 0;
        double weightPower = 1; // w^n for the n finite values seen so far, kept as a running product (no Math.Pow per point)
        for (int i = 0; i < values.Length; i++)
        {
            double v = values[i];
            if (!double.IsFinite(v))
            {
                smoothed[i] = v;
                continue;
            }
            last = last * weight + (1 - weight) * v;
            weightPower *= weight;
            smoothed[i] = last / (1 - weightPower);
        }
    }

    private static bool IsConstant(ReadOnlySpan<float> values)
    {
        for (int i = 1; i < values.Length; i++)
            if (values[i] != values[0]) return false;
        return true;
    }
}
