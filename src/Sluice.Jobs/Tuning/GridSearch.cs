namespace Sluice.Jobs.Tuning;

/// <summary>GRID_SEARCH: the grid points in order, skipping those already tried (or running); null when exhausted.</summary>
public sealed class GridSearch(ParameterSpace space) : ISearchAlgorithm
{
    public double[]? Suggest(IReadOnlyList<Observation> finished, IReadOnlyList<double[]> pending, Random random)
    {
        foreach (var values in space.Grid())
        {
            var point = space.ToUnit(values)!;
            if (!finished.Any(o => Same(o.Point, point)) && !pending.Any(p => Same(p, point))) return point;
        }
        return null;
    }

    private static bool Same(double[] a, double[] b)
    {
        for (int i = 0; i < a.Length; i++)
            if (Math.Abs(a[i] - b[i]) > 1e-9) return false;
        return true;
    }
}
