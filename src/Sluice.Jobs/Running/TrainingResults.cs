using System.Text.Json.Nodes;
using Sluice.Events;

namespace Sluice.Jobs.Running;

/// <summary>
/// What a finished (or running) training run left in its model dir: evaluation metrics by global step (the event
/// files under <c>eval/</c>, tags are TF metric keys) and the export bundles under <c>export/&lt;name&gt;/&lt;secs&gt;</c>.
/// </summary>
public static class TrainingResults
{
    /// <summary>Evaluations in step order: (global step, metric → value). Missing folder: none.</summary>
    public static IReadOnlyList<(long Step, IReadOnlyDictionary<string, double> Metrics)> Evaluations(string modelDirectory)
    {
        string directory = Path.Combine(modelDirectory, "eval");
        var byStep = new SortedDictionary<long, Dictionary<string, double>>();
        if (!Directory.Exists(directory)) return [];
        foreach (string file in Directory.GetFiles(directory).Where(f => EventFileNames.IsEventFile(Path.GetFileName(f))).Order(StringComparer.Ordinal))
        {
            List<EventRecord> records;
            try { records = EventFileReader.ReadFile(file); }
            catch (IOException) { continue; } // being written; the next poll reads it
            foreach (var record in records)
                foreach (var value in record.Values)
                    if (value.Scalar is { } scalar)
                    {
                        if (!byStep.TryGetValue(record.Step, out var metrics)) byStep[record.Step] = metrics = new Dictionary<string, double>(StringComparer.Ordinal);
                        metrics[value.Tag] = scalar;
                    }
        }
        return [.. byStep.Select(kv => (kv.Key, (IReadOnlyDictionary<string, double>)kv.Value))];
    }

    /// <summary>Export bundle folders, oldest first (by their unix-seconds name).</summary>
    public static IReadOnlyList<string> Exports(string modelDirectory)
    {
        string root = Path.Combine(modelDirectory, "export");
        if (!Directory.Exists(root)) return [];
        return [.. Directory.GetDirectories(root).SelectMany(Directory.GetDirectories)
            .Where(d => long.TryParse(Path.GetFileName(d), out _) && File.Exists(Path.Combine(d, "manifest.json")))
            .OrderBy(d => long.Parse(Path.GetFileName(d), System.Globalization.CultureInfo.InvariantCulture)).ThenBy(d => d, StringComparer.Ordinal)];
    }

    /// <summary>The ML Engine-like <c>trainingOutput</c> of a plain training job.</summary>
    public static JsonObject Output(string modelDirectory)
    {
        var evaluations = Evaluations(modelDirectory);
        var output = new JsonObject { ["isHyperparameterTuningJob"] = false, ["modelDir"] = modelDirectory };
        if (evaluations.Count > 0)
        {
            var (step, metrics) = evaluations[^1];
            output["globalStep"] = step;
            output["finalMetrics"] = Metrics(metrics);
        }
        output["exports"] = new JsonArray([.. Exports(modelDirectory).Select(e => (JsonNode)JsonValue.Create(e))]);
        return output;
    }

    public static JsonObject Metrics(IReadOnlyDictionary<string, double> metrics)
    {
        var o = new JsonObject();
        foreach (var (key, value) in metrics.OrderBy(kv => kv.Key, StringComparer.Ordinal)) o[key] = double.IsFinite(value) ? value : null;
        return o;
    }
}
