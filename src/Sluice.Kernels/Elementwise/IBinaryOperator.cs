using System.Runtime.Intrinsics;

namespace Sluice.Kernels;

/// <summary>z = f(x, y), defined once for a scalar and for each vector width (see <see cref="IUnaryOperator"/>).</summary>
public interface IBinaryOperator
{
    static abstract float Apply(float x, float y);
    static abstract Vector128<float> Apply(Vector128<float> x, Vector128<float> y);
    static abstract Vector256<float> Apply(Vector256<float> x, Vector256<float> y);
    static abstract Vector512<float> Apply(Vector512<float> x, Vector512<float> y);
}
