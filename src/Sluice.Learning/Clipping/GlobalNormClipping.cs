namespace Sluice.Learning.Clipping;

/// <summary>
/// TF1 <c>clip_by_global_norm</c>: with N = √(Σ over every gradient of Σ g²), every gradient is scaled by
/// clipNorm / max(N, clipNorm), so the joint direction is kept and the joint norm is at most clipNorm.
/// A sparse gradient contributes its row values (duplicated rows counted as given, as TF does for IndexedSlices).
/// </summary>
/// <remarks>Used in two passes without allocating: accumulate <see cref="SumOfSquares"/> over every gradient, then
/// <see cref="ScaleFor"/> once and <see cref="Scale"/> each gradient.</remarks>
public static class GlobalNormClipping
{
    /// <summary>Σ g² accumulated in double so that millions of small terms do not lose precision.</summary>
    public static double SumOfSquares(ReadOnlySpan<float> gradient)
    {
        double sum = 0;
        for (int i = 0; i < gradient.Length; i++) sum += (double)gradient[i] * gradient[i];
        return sum;
    }

    /// <summary>The factor clipNorm / max(√sumOfSquares, clipNorm); 1 when the norm is within the limit.</summary>
    public static float ScaleFor(double sumOfSquares, float clipNorm)
    {
        if (!(clipNorm > 0f)) throw new ArgumentOutOfRangeException(nameof(clipNorm), clipNorm, "The clip norm must be > 0.");
        double norm = Math.Sqrt(sumOfSquares);
        return norm > clipNorm ? (float)(clipNorm / norm) : 1f;
    }

    /// <summary>g ← g·factor.</summary>
    public static void Scale(Span<float> gradient, float factor)
    {
        if (factor == 1f) return;
        for (int i = 0; i < gradient.Length; i++) gradient[i] *= factor;
    }

    /// <summary>Clips <paramref name="gradients"/> in place by their global norm and returns that norm (before clipping).</summary>
    public static float Clip(IReadOnlyList<float[]> gradients, float clipNorm)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        double sum = 0;
        for (int i = 0; i < gradients.Count; i++) sum += SumOfSquares(gradients[i]);
        float factor = ScaleFor(sum, clipNorm);
        for (int i = 0; i < gradients.Count; i++) Scale(gradients[i], factor);
        return (float)Math.Sqrt(sum);
    }
}
