using Sluice.TestKit;

namespace Sluice.Jobs.Tests.Engine;

/// <summary>Job specs over the census wide (linear) sample: short runs with evaluations every 100 steps and a final export.</summary>
internal static class TestConfigs
{
    public static string CensusWide => RepoPaths.Samples("census", "wide.yaml");

    /// <summary>A training job spec (YAML) for <see cref="CensusWide"/>, <paramref name="steps"/> steps, learning rate <paramref name="learningRate"/>.</summary>
    public static string Training(string directory, string name, int steps, double learningRate = 0.1, string extraOverrides = "")
    {
        string path = Path.Combine(directory, name + ".yaml");
        File.WriteAllText(path, $"""
            trainingInput:
              scaleTier: BASIC
              config: {CensusWide}
              args: ["--max-steps", "{steps}"]
              overrides:
                evaluation.everySteps: 100
                evaluation.everyEpochs: null
                model.linearOptimizer.kind: ftrl
                model.linearOptimizer.learningRate: {learningRate.ToString(System.Globalization.CultureInfo.InvariantCulture)}
            {extraOverrides}
            """);
        return path;
    }
}
