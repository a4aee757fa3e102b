namespace Sluice.Jobs.Tuning;

/// <summary>RANDOM_SEARCH: uniform points in the unit cube (each parameter's scale shapes the actual values).</summary>
public sealed class RandomSearch(int dimension) : ISearchAlgorithm
{
    public double[]? Suggest(IReadOnlyList<Observation> finished, IReadOnlyList<double[]> pending, Random random)
    {
        var point = new double[dimension];
        for (int i = 0; i < dimension; i++) point[i] = random.NextDouble();
        return point;
    }
}
