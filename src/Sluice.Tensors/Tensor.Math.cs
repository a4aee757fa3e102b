namespace Sluice.Tensors;

// Elementwise math, comparisons and selection. Binary ops broadcast NumPy-style.
public sealed partial class Tensor
{
    public static Tensor operator +(Tensor a, Tensor b) => Apply(Op.Add, null, a, b);
    public static Tensor operator -(Tensor a, Tensor b) => Apply(Op.Sub, null, a, b);
    public static Tensor operator *(Tensor a, Tensor b) => Apply(Op.Mul, null, a, b);
    public static Tensor operator /(Tensor a, Tensor b) => Apply(Op.Div, null, a, b);
    public static Tensor operator -(Tensor a) => Apply(Op.Neg, null, a);

    public static Tensor operator +(Tensor a, float b) => a + Scalar(b);
    public static Tensor operator -(Tensor a, float b) => a - Scalar(b);
    public static Tensor operator *(Tensor a, float b) => a * Scalar(b);
    public static Tensor operator /(Tensor a, float b) => a / Scalar(b);
    public static Tensor operator +(float a, Tensor b) => Scalar(a) + b;
    public static Tensor operator -(float a, Tensor b) => Scalar(a) - b;
    public static Tensor operator *(float a, Tensor b) => Scalar(a) * b;
    public static Tensor operator /(float a, Tensor b) => Scalar(a) / b;

    public Tensor Exp() => Apply(Op.Exp, null, this);
    public Tensor Log() => Apply(Op.Log, null, this);
    public Tensor Sqrt() => Apply(Op.Sqrt, null, this);
    public Tensor Abs() => Apply(Op.Abs, null, this);
    public Tensor Sign() => Apply(Op.Sign, null, this);

    /// <summary>σ(x) = 1 / (1 + e^-x).</summary>
    public Tensor Sigmoid() => Apply(Op.Sigmoid, null, this);

    public Tensor Tanh() => Apply(Op.Tanh, null, this);

    public Tensor Square() => this * this;

    public Tensor Pow(Tensor exponent) => Apply(Op.Pow, null, this, exponent);
    public Tensor Pow(float exponent) => Pow(Scalar(exponent));

    public static Tensor Maximum(Tensor a, Tensor b) => Apply(Op.Maximum, null, a, b);
    public static Tensor Minimum(Tensor a, Tensor b) => Apply(Op.Minimum, null, a, b);

    /// <summary>max(x, 0).</summary>
    public Tensor Relu() => Maximum(this, Scalar(0f));

    /// <summary>min(max(x, low), high).</summary>
    public Tensor Clip(float low, float high) => Minimum(Maximum(this, Scalar(low)), Scalar(high));

    public Tensor Less(Tensor other) => Apply(Op.Less, null, this, other);
    public Tensor LessEqual(Tensor other) => Apply(Op.LessEqual, null, this, other);
    public Tensor Greater(Tensor other) => Apply(Op.Greater, null, this, other);
    public Tensor GreaterEqual(Tensor other) => Apply(Op.GreaterEqual, null, this, other);
    public Tensor ElementEquals(Tensor other) => Apply(Op.Equal, null, this, other);
    public Tensor NotEquals(Tensor other) => Apply(Op.NotEqual, null, this, other);
    public Tensor Less(float other) => Less(Scalar(other));
    public Tensor Greater(float other) => Greater(Scalar(other));
    public Tensor GreaterEqual(float other) => GreaterEqual(Scalar(other));
    public Tensor LessEqual(float other) => LessEqual(Scalar(other));

    /// <summary>condition ? whenTrue : whenFalse, elementwise with broadcasting (condition is bool).</summary>
    public static Tensor Where(Tensor condition, Tensor whenTrue, Tensor whenFalse) => Apply(Op.Where, null, condition, whenTrue, whenFalse);

    public static Tensor Where(Tensor condition, Tensor whenTrue, float whenFalse) => Where(condition, whenTrue, Scalar(whenFalse));

    public Tensor Cast(DType type) => type == DType ? this : Apply(Op.Cast, new CastParams(type), this);

    /// <summary>The same values; autodiff treats it as a constant.</summary>
    public Tensor StopGradient() => Apply(Op.StopGradient, null, this);
}
