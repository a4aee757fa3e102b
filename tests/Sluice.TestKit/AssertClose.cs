using Xunit.Sdk;

namespace Sluice.TestKit;

/// <summary>Element-wise closeness checks that name the first differing index.</summary>
public static class AssertClose
{
    /// <summary>Passes when |expected - actual| ≤ atol + rtol·|expected| for every element.</summary>
    public static void Spans(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float rtol = 1e-5f, float atol = 1e-6f)
    {
        if (expected.Length != actual.Length)
            throw new XunitException($"Length differs: expected {expected.Length}, actual {actual.Length}.");
        for (int i = 0; i < expected.Length; i++)
        {
            float e = expected[i], a = actual[i];
            if (float.IsNaN(e) && float.IsNaN(a)) continue;
            if (!(MathF.Abs(e - a) <= atol + rtol * MathF.Abs(e)))
                throw new XunitException($"Element {i} differs: expected {e:R}, actual {a:R} (|diff| {MathF.Abs(e - a):G4}, rtol {rtol}, atol {atol}).");
        }
    }

    /// <summary>Passes when |expected - actual| ≤ atol + rtol·|expected|.</summary>
    public static void Scalar(double expected, double actual, double rtol = 1e-5, double atol = 1e-6, string? what = null)
    {
        if (!(Math.Abs(expected - actual) <= atol + rtol * Math.Abs(expected)))
            throw new XunitException($"{what ?? "Value"} differs: expected {expected:R}, actual {actual:R}.");
    }
}
