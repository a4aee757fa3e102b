using System.Globalization;
using System.Text.Json;
using Sluice.Events;

namespace Sluice.Board.Bench;

/// <summary>
/// A generated logdir of <c>runs × tags × points</c>: each run writes one event per step holding every tag (as an
/// Estimator's merged summary does). Reused across bench runs when its size matches (generation takes a while).
/// </summary>
internal static class BenchLogdir
{
    public sealed record Shape(int Runs, int Tags, int Points);

    public static IReadOnlyList<string> TagNames(int count)
    {
        string[] fixedTags = ["loss", "average_loss", "global_step/sec", "learning_rate"];
        var tags = new List<string>(fixedTags.Take(count));
        for (int i = 0; tags.Count < count; i++)
        {
            tags.Add((i % 3) switch
            {
                0 => $"dnn/hiddenlayer_{i / 3}/fraction_of_zero_values",
                1 => $"linear/weights_{i / 3}/norm",
                _ => $"metrics/auc_bucket_{i / 3}",
            });
        }
        return tags;
    }

    /// <summary>Creates the logdir unless an identical one exists; returns seconds spent generating (0 when reused).</summary>
    public static double Ensure(string logdir, Shape shape)
    {
        string marker = Path.Combine(logdir, "bench-shape.json");
        if (File.Exists(marker) && JsonSerializer.Deserialize<Shape>(File.ReadAllText(marker)) == shape) return 0;
        if (Directory.Exists(logdir)) Directory.Delete(logdir, recursive: true);
        Directory.CreateDirectory(logdir);

        var started = System.Diagnostics.Stopwatch.StartNew();
        IReadOnlyList<string> tags = TagNames(shape.Tags);
        Parallel.For(0, shape.Runs, run =>
        {
            var random = new Random(run);
            using var writer = new EventFileWriter(Path.Combine(logdir, string.Create(CultureInfo.InvariantCulture, $"trial-{run:D3}")));
            var values = new KeyValuePair<string, float>[tags.Count];
            double wall = 1_763_000_000 + run * 10;
            for (int step = 1; step <= shape.Points; step++)
            {
                for (int t = 0; t < tags.Count; t++)
                {
                    float decay = (float)Math.Exp(-step / (500.0 + 40 * t));
                    values[t] = new(tags[t], 0.3f + (0.5f + 0.01f * (run % 17)) * decay + 0.02f * (float)random.NextDouble());
                }
                writer.WriteScalars(step, values, wall + step * 0.05);
            }
        });
        File.WriteAllText(marker, JsonSerializer.Serialize(shape));
        return started.Elapsed.TotalSeconds;
    }

    public static string[] EventFiles(string logdir) => Directory.GetFiles(logdir, "*tfevents*", SearchOption.AllDirectories);
}
