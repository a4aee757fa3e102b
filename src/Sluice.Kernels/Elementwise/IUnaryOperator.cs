using System.Runtime.Intrinsics;

namespace Sluice.Kernels;

/// <summary>
/// y = f(x), defined once for a scalar and for each vector width. The generic drivers in <see cref="Elementwise"/>
/// pick the widest accelerated width and finish the tail with narrower vectors and then scalars.
/// </summary>
public interface IUnaryOperator
{
    static abstract float Apply(float x);
    static abstract Vector128<float> Apply(Vector128<float> x);
    static abstract Vector256<float> Apply(Vector256<float> x);
    static abstract Vector512<float> Apply(Vector512<float> x);
}
