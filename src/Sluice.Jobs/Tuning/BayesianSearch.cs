namespace Sluice.Jobs.Tuning;

/// <summary>
/// BAYESIAN (the default): Gaussian-process regression with expected improvement. Scores are standardised; the GP
/// uses a Matérn-5/2 kernel whose length scale is picked from a small grid by marginal likelihood; trials still
/// running enter as "constant liars" (the worst score seen), so parallel suggestions spread out. EI is maximised over
/// random candidates plus perturbations of the best points. The first max(3, d + 1) trials are random.
/// </summary>
public sealed class BayesianSearch(int dimension) : ISearchAlgorithm
{
    private static readonly double[] LengthScales = [0.05, 0.1, 0.2, 0.3, 0.5, 1.0];
    private const double Noise = 1e-4;
    private const double Exploration = 0.01;
    private const int RandomCandidates = 1000;
    private const int LocalCandidates = 300;

    public double[]? Suggest(IReadOnlyList<Observation> finished, IReadOnlyList<double[]> pending, Random random)
    {
        int initial = Math.Max(3, dimension + 1);
        if (finished.Count < 2 || finished.Count + pending.Count < initial) return Uniform(random);

        double mean = 0, variance = 0;
        foreach (var o in finished) mean += o.Score;
        mean /= finished.Count;
        foreach (var o in finished) variance += (o.Score - mean) * (o.Score - mean);
        double std = Math.Sqrt(variance / finished.Count);
        if (std < 1e-12) std = 1;

        int n = finished.Count + pending.Count;
        var x = new double[n][];
        var y = new double[n];
        double worst = double.MaxValue, best = double.MinValue;
        for (int i = 0; i < finished.Count; i++)
        {
            x[i] = finished[i].Point;
            y[i] = (finished[i].Score - mean) / std;
            worst = Math.Min(worst, y[i]);
            best = Math.Max(best, y[i]);
        }
        for (int i = 0; i < pending.Count; i++) { x[finished.Count + i] = pending[i]; y[finished.Count + i] = worst; }

        GaussianProcess? model = null;
        double bestLikelihood = double.NegativeInfinity;
        foreach (double lengthScale in LengthScales)
        {
            var candidate = GaussianProcess.Fit(x, y, lengthScale, Noise);
            if (candidate is not null && candidate.LogMarginalLikelihood > bestLikelihood) { model = candidate; bestLikelihood = candidate.LogMarginalLikelihood; }
        }
        if (model is null) return Uniform(random);

        double[]? chosen = null;
        double chosenEi = double.NegativeInfinity;
        void Consider(double[] point)
        {
            var (mu, sigma) = model.Predict(point);
            double ei = ExpectedImprovement(mu, sigma, best + Exploration);
            if (ei > chosenEi) { chosenEi = ei; chosen = point; }
        }
        for (int i = 0; i < RandomCandidates; i++) Consider(Uniform(random));
        var top = finished.OrderByDescending(o => o.Score).Take(3).ToArray();
        for (int i = 0; i < LocalCandidates; i++)
        {
            var center = top[i % top.Length].Point;
            var point = new double[dimension];
            for (int d = 0; d < dimension; d++) point[d] = Math.Clamp(center[d] + 0.05 * Gaussian(random), 0, 1);
            Consider(point);
        }
        return chosen ?? Uniform(random);
    }

    /// <summary>EI(x) = (μ − f*)Φ(z) + σφ(z), z = (μ − f*)/σ, for maximisation.</summary>
    public static double ExpectedImprovement(double mu, double sigma, double target)
    {
        if (sigma < 1e-12) return Math.Max(0, mu - target);
        double z = (mu - target) / sigma;
        return (mu - target) * NormalCdf(z) + sigma * Math.Exp(-0.5 * z * z) / Math.Sqrt(2 * Math.PI);
    }

    /// <summary>Φ(z) via erf (Abramowitz and Stegun 7.1.26, absolute error below 1.5e-7).</summary>
    public static double NormalCdf(double z)
    {
        double t = Math.Abs(z) / Math.Sqrt(2);
        double k = 1 / (1 + 0.3275911 * t);
        double erf = 1 - (((((1.061405429 * k - 1.453152027) * k) + 1.421413741) * k - 0.284496736) * k + 0.254829592) * k * Math.Exp(-t * t);
        return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
    }

    private double[] Uniform(Random random)
    {
        var point = new double[dimension];
        for (int i = 0; i < dimension; i++) point[i] = random.NextDouble();
        return point;
    }

    private static double Gaussian(Random random) => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
