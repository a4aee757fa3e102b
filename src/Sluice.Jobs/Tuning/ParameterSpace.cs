using System.Globalization;
using Sluice.Jobs.Spec;

namespace Sluice.Jobs.Tuning;

/// <summary>
/// Maps the tuning parameters to and from the unit hypercube [0,1]^d where the search algorithms work. DOUBLE and
/// INTEGER follow their scale (linear; log; reverse log = dense near the top of the range); CATEGORICAL and DISCRETE
/// pick an item by splitting [0,1] into equal cells.
/// </summary>
public sealed class ParameterSpace(IReadOnlyList<ParameterSpec> parameters)
{
    public IReadOnlyList<ParameterSpec> Parameters { get; } = parameters;

    public int Dimension => Parameters.Count;

    /// <summary>The values (as trial arguments) at a point of the unit cube.</summary>
    public IReadOnlyDictionary<string, string> ToValues(ReadOnlySpan<double> unit)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < Parameters.Count; i++) values[Parameters[i].ParameterName] = Value(Parameters[i], Math.Clamp(unit[i], 0, 1));
        return values;
    }

    /// <summary>The unit-cube point of a set of values (the inverse of <see cref="ToValues"/>, up to rounding); null if a value does not fit.</summary>
    public double[]? ToUnit(IReadOnlyDictionary<string, string> values)
    {
        var unit = new double[Parameters.Count];
        for (int i = 0; i < Parameters.Count; i++)
        {
            var p = Parameters[i];
            if (!values.TryGetValue(p.ParameterName, out string? text)) return null;
            double? u = p.Type switch
            {
                ParameterType.Categorical => IndexUnit(p.CategoricalValues!.ToList().IndexOf(text), p.CategoricalValues!.Count),
                ParameterType.Discrete => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double d) ? IndexUnit(p.DiscreteValues!.ToList().IndexOf(d), p.DiscreteValues!.Count) : null,
                _ => double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double x) ? FromScale(p, x) : null,
            };
            if (u is null) return null;
            unit[i] = u.Value;
        }
        return unit;
    }

    /// <summary>Every grid point (GRID_SEARCH: INTEGER, CATEGORICAL and DISCRETE only), first parameter slowest.</summary>
    public IEnumerable<IReadOnlyDictionary<string, string>> Grid()
    {
        var axes = Parameters.Select(p => p.Type switch
        {
            ParameterType.Integer => Enumerable.Range(0, (int)(p.MaxValue!.Value - p.MinValue!.Value) + 1).Select(k => (p.MinValue!.Value + k).ToString(CultureInfo.InvariantCulture)).ToArray(),
            ParameterType.Categorical => [.. p.CategoricalValues!],
            ParameterType.Discrete => [.. p.DiscreteValues!.Select(Format)],
            _ => throw new InvalidOperationException($"{p.ParameterName}: DOUBLE parameters have no grid."),
        }).ToArray();
        var index = new int[axes.Length];
        while (true)
        {
            var point = new Dictionary<string, string>(StringComparer.Ordinal);
            for (int i = 0; i < axes.Length; i++) point[Parameters[i].ParameterName] = axes[i][index[i]];
            yield return point;
            int k = axes.Length - 1;
            while (k >= 0 && ++index[k] == axes[k].Length) index[k--] = 0;
            if (k < 0) yield break;
        }
    }

    private static string Value(ParameterSpec p, double u) => p.Type switch
    {
        ParameterType.Categorical => p.CategoricalValues![Cell(u, p.CategoricalValues.Count)],
        ParameterType.Discrete => Format(p.DiscreteValues![Cell(u, p.DiscreteValues.Count)]),
        ParameterType.Integer => Math.Clamp(Math.Round(ToScale(p, u), MidpointRounding.AwayFromZero), p.MinValue!.Value, p.MaxValue!.Value).ToString(CultureInfo.InvariantCulture),
        _ => Format(Math.Clamp(ToScale(p, u), p.MinValue!.Value, p.MaxValue!.Value)),
    };

    private static double ToScale(ParameterSpec p, double u)
    {
        double min = p.MinValue!.Value, max = p.MaxValue!.Value;
        return p.ScaleType switch
        {
            ScaleType.UnitLogScale => Math.Exp(Math.Log(min) + u * (Math.Log(max) - Math.Log(min))),
            ScaleType.UnitReverseLogScale => max + min - Math.Exp(Math.Log(min) + (1 - u) * (Math.Log(max) - Math.Log(min))),
            _ => min + u * (max - min),
        };
    }

    private static double? FromScale(ParameterSpec p, double x)
    {
        double min = p.MinValue!.Value, max = p.MaxValue!.Value;
        if (x < min || x > max) return null;
        return p.ScaleType switch
        {
            ScaleType.UnitLogScale => (Math.Log(x) - Math.Log(min)) / (Math.Log(max) - Math.Log(min)),
            ScaleType.UnitReverseLogScale => 1 - (Math.Log(max + min - x) - Math.Log(min)) / (Math.Log(max) - Math.Log(min)),
            _ => (x - min) / (max - min),
        };
    }

    private static int Cell(double u, int count) => Math.Min(count - 1, (int)(u * count));

    private static double? IndexUnit(int index, int count) => index < 0 ? null : (index + 0.5) / count;

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}
