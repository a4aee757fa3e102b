namespace Sluice.Jobs.Spec;

/// <summary>The wire spellings of the spec enums (ML Engine's UPPER_SNAKE names), parsed once at the edge.</summary>
internal static class SpecNames
{
    public static readonly (string Name, ScaleTier Value)[] ScaleTiers =
        [("BASIC", ScaleTier.Basic), ("STANDARD_1", ScaleTier.Standard1), ("PREMIUM_1", ScaleTier.Premium1), ("BASIC_GPU", ScaleTier.BasicGpu), ("CUSTOM", ScaleTier.Custom)];

    public static readonly (string Name, TuningGoal Value)[] Goals = [("MAXIMIZE", TuningGoal.Maximize), ("MINIMIZE", TuningGoal.Minimize)];

    public static readonly (string Name, ParameterType Value)[] ParameterTypes =
        [("DOUBLE", ParameterType.Double), ("INTEGER", ParameterType.Integer), ("CATEGORICAL", ParameterType.Categorical), ("DISCRETE", ParameterType.Discrete)];

    public static readonly (string Name, ScaleType Value)[] ScaleTypes =
        [("NONE", ScaleType.None), ("UNIT_LINEAR_SCALE", ScaleType.UnitLinearScale), ("UNIT_LOG_SCALE", ScaleType.UnitLogScale), ("UNIT_REVERSE_LOG_SCALE", ScaleType.UnitReverseLogScale)];

    public static readonly (string Name, SearchAlgorithm Value)[] Algorithms =
        [("ALGORITHM_UNSPECIFIED", SearchAlgorithm.Bayesian), ("BAYESIAN", SearchAlgorithm.Bayesian), ("GRID_SEARCH", SearchAlgorithm.GridSearch), ("RANDOM_SEARCH", SearchAlgorithm.RandomSearch)];

    public static readonly (string Name, DataFormat Value)[] DataFormats = [("JSON", DataFormat.Json), ("CSV", DataFormat.Csv)];

    public static string NameOf<T>((string Name, T Value)[] table, T value) where T : struct, Enum
    {
        foreach (var (name, v) in table)
            if (EqualityComparer<T>.Default.Equals(v, value)) return name;
        throw new ArgumentOutOfRangeException(nameof(value), value, null);
    }

    public static string[] Names<T>((string Name, T Value)[] table) => [.. table.Select(t => t.Name)];
}
