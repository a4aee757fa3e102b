using Sluice.Estimators.Model;

namespace Sluice.Estimators.Tests;

/// <summary>Central finite differences of a scalar loss with respect to every element of some variables.</summary>
internal static class FiniteDifferences
{
    /// <summary>d loss / d v[i] for each variable, by name; every value is restored afterwards.</summary>
    public static Dictionary<string, double[]> Gradients(IEnumerable<Variable> variables, Func<double> loss, float step = 2e-3f)
    {
        var gradients = new Dictionary<string, double[]>();
        foreach (var v in variables)
        {
            var numeric = new double[v.Values.Length];
            for (int i = 0; i < v.Values.Length; i++)
            {
                float original = v.Values[i];
                v.Values[i] = original + step; double plus = loss();
                v.Values[i] = original - step; double minus = loss();
                v.Values[i] = original;
                numeric[i] = (plus - minus) / (2 * step);
            }
            gradients[v.Name] = numeric;
        }
        return gradients;
    }
}
