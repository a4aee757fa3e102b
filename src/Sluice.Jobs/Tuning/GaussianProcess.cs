namespace Sluice.Jobs.Tuning;

/// <summary>
/// A zero-mean Gaussian process with a Matérn-5/2 kernel (unit signal variance) fitted by Cholesky factorisation:
/// K = L·Lᵀ, α = K⁻¹y; μ(x) = k(x)ᵀα, σ²(x) = 1 − ‖L⁻¹k(x)‖².
/// </summary>
internal sealed class GaussianProcess
{
    private readonly double[][] _x;
    private readonly double[,] _l;
    private readonly double[] _alpha;
    private readonly double _lengthScale;

    private GaussianProcess(double[][] x, double[,] l, double[] alpha, double lengthScale, double logLikelihood)
    {
        _x = x;
        _l = l;
        _alpha = alpha;
        _lengthScale = lengthScale;
        LogMarginalLikelihood = logLikelihood;
    }

    /// <summary>log p(y | X) = −½ yᵀα − Σ log Lᵢᵢ − n/2 log 2π.</summary>
    public double LogMarginalLikelihood { get; }

    /// <summary>Fits the GP; null when the kernel matrix is not positive definite.</summary>
    public static GaussianProcess? Fit(double[][] x, double[] y, double lengthScale, double noise)
    {
        int n = x.Length;
        var l = new double[n, n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j <= i; j++)
            {
                double sum = Kernel(x[i], x[j], lengthScale) + (i == j ? noise : 0);
                for (int k = 0; k < j; k++) sum -= l[i, k] * l[j, k];
                if (i == j)
                {
                    if (sum <= 0) return null;
                    l[i, i] = Math.Sqrt(sum);
                }
                else l[i, j] = sum / l[j, j];
            }
        var alpha = SolveUpper(l, SolveLower(l, y));
        double logLikelihood = -n / 2.0 * Math.Log(2 * Math.PI);
        for (int i = 0; i < n; i++) logLikelihood += -0.5 * y[i] * alpha[i] - Math.Log(l[i, i]);
        return new GaussianProcess(x, l, alpha, lengthScale, logLikelihood);
    }

    public (double Mean, double Std) Predict(double[] point)
    {
        int n = _x.Length;
        var k = new double[n];
        for (int i = 0; i < n; i++) k[i] = Kernel(point, _x[i], _lengthScale);
        double mean = 0;
        for (int i = 0; i < n; i++) mean += k[i] * _alpha[i];
        var v = SolveLower(_l, k);
        double variance = 1;
        for (int i = 0; i < n; i++) variance -= v[i] * v[i];
        return (mean, Math.Sqrt(Math.Max(variance, 1e-12)));
    }

    /// <summary>Matérn 5/2: (1 + √5 r/ℓ + 5r²/3ℓ²) exp(−√5 r/ℓ).</summary>
    public static double Kernel(double[] a, double[] b, double lengthScale)
    {
        double squared = 0;
        for (int i = 0; i < a.Length; i++) squared += (a[i] - b[i]) * (a[i] - b[i]);
        double s = Math.Sqrt(5 * squared) / lengthScale;
        return (1 + s + s * s / 3) * Math.Exp(-s);
    }

    private static double[] SolveLower(double[,] l, double[] b)
    {
        int n = b.Length;
        var x = new double[n];
        for (int i = 0; i < n; i++)
        {
            double sum = b[i];
            for (int k = 0; k < i; k++) sum -= l[i, k] * x[k];
            x[i] = sum / l[i, i];
        }
        return x;
    }

    private static double[] SolveUpper(double[,] l, double[] b)
    {
        int n = b.Length;
        var x = new double[n];
        for (int i = n - 1; i >= 0; i--)
        {
            double sum = b[i];
            for (int k = i + 1; k < n; k++) sum -= l[k, i] * x[k];
            x[i] = sum / l[i, i];
        }
        return x;
    }
}
