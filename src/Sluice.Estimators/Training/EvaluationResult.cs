namespace Sluice.Estimators.Training;

/// <summary>Metrics of one evaluation under TF's keys (see <see cref="Heads.MetricKeys"/>), at a global step.</summary>
public sealed record EvaluationResult(long GlobalStep, int Examples, IReadOnlyDictionary<string, double> Metrics)
{
    public double this[string key] => Metrics.TryGetValue(key, out double v) ? v : throw new KeyNotFoundException($"No metric '{key}'. Metrics: {string.Join(", ", Metrics.Keys)}.");
}
