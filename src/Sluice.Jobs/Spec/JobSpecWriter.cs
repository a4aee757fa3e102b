using System.Text.Json.Nodes;

namespace Sluice.Jobs.Spec;

/// <summary>Writes a spec back to its ML Engine JSON shape (absolute paths), the form the store keeps and the API returns.</summary>
public static class JobSpecWriter
{
    public static JsonObject ToJson(JobSpec spec)
    {
        var root = new JsonObject { ["jobId"] = spec.JobId };
        if (spec.TrainingInput is { } t) root["trainingInput"] = Training(t);
        if (spec.PredictionInput is { } p) root["predictionInput"] = Prediction(p);
        if (spec.Labels is { Count: > 0 } labels) root["labels"] = Map(labels);
        return root;
    }

    public static string ToJsonString(JobSpec spec) => ToJson(spec).ToJsonString();

    /// <summary>Reads back what <see cref="ToJsonString"/> wrote.</summary>
    public static JobSpec FromJsonString(string json) => JobSpecReader.Read(JsonNode.Parse(json)!.AsObject(), "/");

    private static JsonObject Training(TrainingInput t)
    {
        var o = new JsonObject
        {
            ["scaleTier"] = SpecNames.NameOf(SpecNames.ScaleTiers, t.ScaleTier),
            ["config"] = t.Config,
            ["args"] = new JsonArray([.. t.Args.Select(a => (JsonNode)JsonValue.Create(a))]),
        };
        if (t.WorkerCount > 0) o["workerCount"] = t.WorkerCount;
        if (t.JobDir is not null) o["jobDir"] = t.JobDir;
        if (t.Hyperparameters is { } h) o["hyperparameters"] = Hyper(h);
        if (t.Overrides is { Count: > 0 } overrides) o["overrides"] = Map(overrides);
        return o;
    }

    private static JsonObject Hyper(HyperparameterSpec h)
    {
        var o = new JsonObject
        {
            ["goal"] = SpecNames.NameOf(SpecNames.Goals, h.Goal),
            ["hyperparameterMetricTag"] = h.HyperparameterMetricTag,
            ["maxTrials"] = h.MaxTrials,
            ["maxParallelTrials"] = h.MaxParallelTrials,
            ["maxFailedTrials"] = h.MaxFailedTrials,
            ["algorithm"] = h.Algorithm == SearchAlgorithm.Bayesian ? "BAYESIAN" : SpecNames.NameOf(SpecNames.Algorithms, h.Algorithm),
            ["enableTrialEarlyStopping"] = h.EnableTrialEarlyStopping,
            ["seed"] = h.Seed,
            ["params"] = new JsonArray([.. h.Params.Select(Parameter)]),
        };
        if (h.ResumePreviousJobId is not null) o["resumePreviousJobId"] = h.ResumePreviousJobId;
        return o;
    }

    private static JsonNode Parameter(ParameterSpec p)
    {
        var o = new JsonObject
        {
            ["parameterName"] = p.ParameterName,
            ["type"] = SpecNames.NameOf(SpecNames.ParameterTypes, p.Type),
            ["scaleType"] = SpecNames.NameOf(SpecNames.ScaleTypes, p.ScaleType),
        };
        if (p.MinValue is { } min) o["minValue"] = min;
        if (p.MaxValue is { } max) o["maxValue"] = max;
        if (p.CategoricalValues is { } c) o["categoricalValues"] = new JsonArray([.. c.Select(v => (JsonNode)JsonValue.Create(v))]);
        if (p.DiscreteValues is { } d) o["discreteValues"] = new JsonArray([.. d.Select(v => (JsonNode)JsonValue.Create(v))]);
        return o;
    }

    private static JsonObject Prediction(PredictionInput p)
    {
        var o = new JsonObject();
        if (p.ModelName is not null) o["modelName"] = p.ModelName;
        if (p.VersionName is not null) o["versionName"] = p.VersionName;
        if (p.Uri is not null) o["uri"] = p.Uri;
        o["dataFormat"] = SpecNames.NameOf(SpecNames.DataFormats, p.DataFormat);
        o["inputPaths"] = new JsonArray([.. p.InputPaths.Select(v => (JsonNode)JsonValue.Create(v))]);
        o["outputPath"] = p.OutputPath;
        o["batchSize"] = p.BatchSize;
        return o;
    }

    private static JsonObject Map(IReadOnlyDictionary<string, string> map)
    {
        var o = new JsonObject();
        foreach (var (k, v) in map) o[k] = v;
        return o;
    }
}
