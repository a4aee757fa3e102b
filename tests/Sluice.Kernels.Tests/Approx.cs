using Sluice.TestKit;

namespace Sluice.Kernels.Tests;

/// <summary>AssertClose, but identical values (including matching infinities) always pass.</summary>
internal static class Approx
{
    public static void Spans(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual, float rtol = 1e-5f, float atol = 1e-6f)
    {
        float[] e = expected.ToArray(), a = actual.ToArray();
        for (int i = 0; i < Math.Min(e.Length, a.Length); i++)
            if (e[i] == a[i]) e[i] = a[i] = 0f;
        AssertClose.Spans(e, a, rtol, atol);
    }

    public static void Scalar(double expected, double actual, double rtol, double atol, string what)
    {
        if (expected == actual) return;
        AssertClose.Scalar(expected, actual, rtol, atol, what);
    }
}
