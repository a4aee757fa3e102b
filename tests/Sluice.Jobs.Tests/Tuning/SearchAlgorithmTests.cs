using System.Globalization;
using Sluice.Jobs.Spec;
using Sluice.Jobs.Tuning;

namespace Sluice.Jobs.Tests.Tuning;

public sealed class SearchAlgorithmTests
{
    private static readonly ParameterSpace Branin = new([
        new ParameterSpec("x1", ParameterType.Double, -5, 10, null, null, ScaleType.UnitLinearScale),
        new ParameterSpec("x2", ParameterType.Double, 0, 15, null, null, ScaleType.UnitLinearScale)]);

    /// <summary>Branin-Hoo; global minimum 0.397887 at (−π, 12.275), (π, 2.275), (9.42478, 2.475).</summary>
    private static double BraninValue(IReadOnlyDictionary<string, string> values)
    {
        double x1 = double.Parse(values["x1"], CultureInfo.InvariantCulture), x2 = double.Parse(values["x2"], CultureInfo.InvariantCulture);
        double a = x2 - 5.1 / (4 * Math.PI * Math.PI) * x1 * x1 + 5 / Math.PI * x1 - 6;
        return a * a + 10 * (1 - 1 / (8 * Math.PI)) * Math.Cos(x1) + 10;
    }

    private static double BestRegret(ISearchAlgorithm algorithm, int trials, int seed)
    {
        var random = new Random(seed);
        var finished = new List<Observation>();
        double best = double.MaxValue;
        for (int t = 0; t < trials; t++)
        {
            var point = algorithm.Suggest(finished, [], random)!;
            double value = BraninValue(Branin.ToValues(point));
            best = Math.Min(best, value);
            finished.Add(new Observation(point, -value)); // maximise −f
        }
        return best - 0.397887;
    }

    [Fact]
    public void Bayesian_beats_random_search_on_branin_with_fixed_seeds()
    {
        double bayes = 0, random = 0;
        int wins = 0;
        for (int seed = 1; seed <= 5; seed++)
        {
            double b = BestRegret(new BayesianSearch(2), 25, seed), r = BestRegret(new RandomSearch(2), 25, seed);
            bayes += b;
            random += r;
            if (b < r) wins++;
        }
        Assert.True(bayes / 5 < random / 5 / 3, $"mean regret: bayesian {bayes / 5:G4}, random {random / 5:G4}");
        Assert.True(wins >= 4, $"bayesian won {wins} of 5 seeds");
        Assert.True(bayes / 5 < 0.5, $"bayesian mean regret {bayes / 5:G4} after 25 trials");
    }

    [Fact]
    public void Expected_improvement_matches_the_closed_form()
    {
        // μ = target ⇒ EI = σ φ(0) = σ / √(2π).
        Assert.Equal(0.5 / Math.Sqrt(2 * Math.PI), BayesianSearch.ExpectedImprovement(1, 0.5, 1), 1e-9);
        Assert.Equal(0.975, BayesianSearch.NormalCdf(1.959964), 1e-6);
        Assert.Equal(2, BayesianSearch.ExpectedImprovement(3, 0, 1), 12);
    }

    [Fact]
    public void Parallel_suggestions_spread_out_around_pending_trials()
    {
        var random = new Random(3);
        var algorithm = new BayesianSearch(2);
        var finished = new List<Observation>();
        for (int t = 0; t < 6; t++)
        {
            var p = algorithm.Suggest(finished, [], random)!;
            finished.Add(new Observation(p, -BraninValue(Branin.ToValues(p))));
        }
        var first = algorithm.Suggest(finished, [], random)!;
        var second = algorithm.Suggest(finished, [first], random)!;
        double distance = Math.Sqrt((first[0] - second[0]) * (first[0] - second[0]) + (first[1] - second[1]) * (first[1] - second[1]));
        Assert.True(distance > 0.01, $"second suggestion {distance:G3} from the pending one");
    }

    [Fact]
    public void Scales_map_the_unit_interval_onto_the_range()
    {
        var space = new ParameterSpace([
            new ParameterSpec("lin", ParameterType.Double, 1, 100, null, null, ScaleType.UnitLinearScale),
            new ParameterSpec("log", ParameterType.Double, 1, 100, null, null, ScaleType.UnitLogScale),
            new ParameterSpec("rev", ParameterType.Double, 1, 100, null, null, ScaleType.UnitReverseLogScale),
            new ParameterSpec("int", ParameterType.Integer, 1, 4, null, null, ScaleType.UnitLinearScale),
            new ParameterSpec("cat", ParameterType.Categorical, null, null, ["a", "b", "c"], null, ScaleType.None),
            new ParameterSpec("dis", ParameterType.Discrete, null, null, null, [4, 8, 16], ScaleType.None)]);
        var mid = space.ToValues([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]);
        Assert.Equal(50.5, double.Parse(mid["lin"], CultureInfo.InvariantCulture), 9);
        Assert.Equal(10, double.Parse(mid["log"], CultureInfo.InvariantCulture), 9);  // geometric middle
        Assert.Equal(91, double.Parse(mid["rev"], CultureInfo.InvariantCulture), 9);  // dense near the top
        Assert.Equal(("3", "b", "8"), (mid["int"], mid["cat"], mid["dis"]));
        var top = space.ToValues([1, 1, 1, 1, 1, 1]);
        Assert.Equal(("100", "100", "100", "4", "c", "16"), (top["lin"], top["log"], top["rev"], top["int"], top["cat"], top["dis"]));
        var back = space.ToUnit(mid)!;
        Assert.Equal(space.ToValues(back), mid);
    }

    [Fact]
    public void Grid_search_visits_every_point_once_then_stops()
    {
        var space = new ParameterSpace([
            new ParameterSpec("units", ParameterType.Integer, 1, 3, null, null, ScaleType.None),
            new ParameterSpec("act", ParameterType.Categorical, null, null, ["relu", "tanh"], null, ScaleType.None)]);
        var grid = new GridSearch(space);
        var finished = new List<Observation>();
        var seen = new HashSet<string>();
        while (grid.Suggest(finished, [], new Random(0)) is { } point)
        {
            var values = space.ToValues(point);
            Assert.True(seen.Add($"{values["units"]}/{values["act"]}"));
            finished.Add(new Observation(point, 0));
        }
        Assert.Equal(6, seen.Count);
    }

    [Fact]
    public void Median_rule_stops_a_trial_below_the_median_of_completed_running_averages()
    {
        IReadOnlyList<(long, double)> good = [(100, 0.80), (200, 0.85)], better = [(100, 0.82), (200, 0.88)];
        Assert.True(MedianStoppingRule.ShouldStop([(100, 0.60), (200, 0.70)], [good, better]));
        Assert.False(MedianStoppingRule.ShouldStop([(100, 0.83), (200, 0.90)], [good, better]));
        Assert.False(MedianStoppingRule.ShouldStop([(100, 0.10)], [good]));  // too few completed trials
    }
}
