using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using Sluice.Estimators.Config;
using Sluice.Estimators.Heads;

namespace Sluice.Benchmarks.Estimators;

/// <summary>
/// <c>housing [--epochs N] [--seeds 1,2,3]</c>: trains samples/housing/dnn.yaml (Boston housing, DNN regressor [10, 10] on
/// z-scored inputs, Keras split) and prints the test MAE / RMSE (thousands of dollars) and training time.
/// </summary>
internal static class HousingSuite
{
    public static int Run(string[] args)
    {
        int i = Array.IndexOf(args, "--epochs");
        int? epochs = i >= 0 ? int.Parse(args[i + 1], CultureInfo.InvariantCulture) : null;
        int s = Array.IndexOf(args, "--seeds");
        long?[] seeds = s >= 0 ? [.. args[s + 1].Split(',').Select(x => (long?)long.Parse(x, CultureInfo.InvariantCulture))] : [null];
        string config = Path.Combine(RepoRoot(), "samples", "housing", "dnn.yaml");
        foreach (long? seed in seeds)
        {
            string modelDir = Path.Combine(Path.GetTempPath(), $"sluice-bench-housing-{Guid.NewGuid():N}");
            try
            {
                string path = config;
                if (seed is not null)
                {
                    // Same config with another seed, written beside the original so relative data paths still resolve.
                    path = Path.Combine(Path.GetDirectoryName(config)!, $".bench-seed-{seed}-{Guid.NewGuid():N}.yaml");
                    File.WriteAllText(path, File.ReadAllText(config).Replace("seed: 42", $"seed: {seed}", StringComparison.Ordinal));
                }
                long t0 = Stopwatch.GetTimestamp();
                var result = ConfiguredTraining.Train(path, modelDir, epochs);
                if (seed is not null) File.Delete(path);
                var m = result.Evaluation!;
                Console.WriteLine(new JsonObject
                {
                    ["suite"] = "housing", ["seed"] = seed ?? 42, ["global_step"] = result.Training.GlobalStep,
                    ["mae"] = Math.Round(m[MetricKeys.Mae], 3), ["rmse"] = Math.Round(m[MetricKeys.Rmse], 3),
                    ["average_loss"] = Math.Round(m[MetricKeys.AverageLoss], 3),
                    ["seconds"] = Math.Round(Stopwatch.GetElapsedTime(t0).TotalSeconds, 2),
                }.ToJsonString());
            }
            finally
            {
                try { Directory.Delete(modelDir, recursive: true); } catch (IOException) { }
            }
        }
        return 0;
    }

    private static string RepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "Sluice.slnx"))) return dir.FullName;
        return Directory.GetCurrentDirectory();
    }
}
