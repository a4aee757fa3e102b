namespace Sluice.Jobs.Tuning;

/// <summary>
/// Proposes the next trial's point in the unit cube from what is known: finished trials (scores, higher is better)
/// and trials still running (no score yet). Null when the search has nothing left to try (a finished grid).
/// </summary>
public interface ISearchAlgorithm
{
    double[]? Suggest(IReadOnlyList<Observation> finished, IReadOnlyList<double[]> pending, Random random);
}
