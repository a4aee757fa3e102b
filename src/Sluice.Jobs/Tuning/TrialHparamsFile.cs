using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Jobs.Model;
using Sluice.Jobs.Spec;

namespace Sluice.Jobs.Tuning;

/// <summary>
/// A tuning trial's <c>hparams.json</c> in its job dir, the file the board's hyperparameter table reads (contract in
/// docs/jobs.md): the trial's ids, its hyperparameter values typed as the spec gives them (DOUBLE, INTEGER and DISCRETE
/// as JSON numbers, CATEGORICAL as strings), the metric tag and goal; once the trial has ended also its
/// <c>state</c> and, when the metric was reported, its <c>finalMetric</c>. Written atomically (temp file, flush,
/// rename), so a reader sees the old file or the new one, never half of one.
/// </summary>
internal static class TrialHparamsFile
{
    public const string FileName = "hparams.json";

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    /// <param name="finalMetric">The last reported value of the metric and its step (as reported, not sign-flipped); null if never reported.</param>
    public static JsonObject ToJson(JobRecord parent, JobRecord trial, string trialId, IReadOnlyDictionary<string, string> values, (long Step, double Value)? finalMetric)
    {
        var spec = parent.Spec.TrainingInput!.Hyperparameters!;
        var hyperparameters = new JsonObject();
        foreach (var parameter in spec.Params)
            if (values.TryGetValue(parameter.ParameterName, out string? text)) hyperparameters[parameter.ParameterName] = Typed(parameter.Type, text);
        var json = new JsonObject
        {
            ["tuningJobId"] = parent.JobId,
            ["trialId"] = trialId,
            ["jobId"] = trial.JobId,
            ["hyperparameters"] = hyperparameters,
            ["metricTag"] = spec.HyperparameterMetricTag,
            ["goal"] = spec.Goal == TuningGoal.Maximize ? "MAXIMIZE" : "MINIMIZE",
        };
        if (trial.State.IsFinal())
        {
            json["state"] = trial.State.Name();
            if (finalMetric is { } metric) json["finalMetric"] = new JsonObject { ["trainingStep"] = metric.Step, ["objectiveValue"] = metric.Value };
        }
        return json;
    }

    public static void Write(string jobDirectory, JsonObject json)
        => Sluice.Data.AtomicFile.WriteAllText(Path.Combine(jobDirectory, FileName), json.ToJsonString(Indented));

    /// <summary>A trial value (kept as text in the trial's labels) as the JSON type of its parameter.</summary>
    private static JsonNode? Typed(ParameterType type, string text) => type switch
    {
        ParameterType.Integer when long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out long integer) => JsonValue.Create(integer),
        ParameterType.Double or ParameterType.Discrete or ParameterType.Integer when double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double number) && double.IsFinite(number) => JsonValue.Create(number),
        _ => JsonValue.Create(text),
    };
}
