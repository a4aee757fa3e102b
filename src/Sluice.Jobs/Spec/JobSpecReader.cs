using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Sluice.Jobs.Spec;

/// <summary>
/// Reads and validates a job spec (JSON or YAML, ML Engine shape). Relative paths (<c>config</c>, <c>jobDir</c>,
/// <c>inputPaths</c>, <c>outputPath</c>, <c>uri</c>) are resolved against the spec's folder. Every error is a
/// <see cref="JobSpecException"/> naming the JSON path, e.g. <c>trainingInput.scaleTier: BASIC_GPU: no GPU on this cluster</c>.
/// </summary>
public static partial class JobSpecReader
{
    /// <summary>Job ids: a letter, then letters, digits and underscores (ML Engine's rule).</summary>
    [GeneratedRegex("^[A-Za-z][A-Za-z0-9_]{0,127}$")]
    private static partial Regex JobIdPattern();

    public static bool IsValidJobId(string jobId) => JobIdPattern().IsMatch(jobId);

    /// <summary>Reads a spec file (<c>.json</c>, else YAML).</summary>
    public static JobSpec ReadFile(string path, string? jobIdOverride = null)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Job spec not found: {path}", path);
        string full = Path.GetFullPath(path);
        try { return Parse(File.ReadAllText(full), Path.GetDirectoryName(full)!, jobIdOverride); }
        catch (JobSpecException e) when (e.File is null) { throw new JobSpecException(e.Path, StripPath(e), full); }
    }

    /// <summary>Parses JSON or YAML text (JSON is YAML, but JSON gets JSON's own error positions).</summary>
    public static JobSpec Parse(string text, string baseDirectory, string? jobIdOverride = null)
    {
        JsonNode? root;
        if (text.TrimStart().StartsWith('{'))
        {
            try { root = JsonNode.Parse(text); }
            catch (JsonException e) { throw new JobSpecException($"(line {e.LineNumber + 1}, byte {e.BytePositionInLine + 1})", "invalid JSON."); }
        }
        else root = YamlJson.Parse(text, null);
        if (root is not JsonObject obj) throw new JobSpecException("(document)", "must be an object with jobId and trainingInput or predictionInput.");
        return Read(obj, baseDirectory, jobIdOverride);
    }

    public static JobSpec Read(JsonObject root, string baseDirectory, string? jobIdOverride = null)
    {
        var f = new SpecFields(root, "");
        // Output-only fields of a described job are accepted so `describe --format json` output can be resubmitted.
        f.OnlyKnown("jobId", "trainingInput", "predictionInput", "labels", "state", "createTime", "startTime", "endTime", "errorMessage", "trainingOutput", "predictionOutput", "parentJobId", "etag");
        string jobId = jobIdOverride ?? f.String("jobId");
        if (!IsValidJobId(jobId)) throw new JobSpecException("jobId", $"'{jobId}' must start with a letter and hold only letters, digits and underscores (at most 128).");

        var training = f.OptionalObject("trainingInput");
        var prediction = f.OptionalObject("predictionInput");
        if (training is null == prediction is null) throw new JobSpecException("(document)", "give exactly one of trainingInput and predictionInput.");
        Dictionary<string, string>? labels = null;
        if (f.OptionalObject("labels") is not null)
        {
            labels = [];
            foreach (var (key, value) in root["labels"]!.AsObject()) labels[key] = value?.ToString() ?? "";
        }
        return new JobSpec(jobId,
            training is { } t ? ReadTraining(t, baseDirectory) : null,
            prediction is { } p ? ReadPrediction(p, baseDirectory) : null,
            labels);
    }

    private static TrainingInput ReadTraining(SpecFields f, string baseDirectory)
    {
        f.OnlyKnown("scaleTier", "workerCount", "masterType", "workerType", "config", "args", "jobDir", "hyperparameters", "overrides", "region", "runtimeVersion");
        var tier = f.Enum("scaleTier", SpecNames.ScaleTiers, ScaleTier.Basic);
        int workers = f.OptionalInt("workerCount") ?? 0;
        if (workers < 0) throw new JobSpecException(f.At("workerCount"), "must be 0 or more.");
        switch (tier)
        {
            case ScaleTier.BasicGpu:
                throw new JobSpecException(f.At("scaleTier"), "BASIC_GPU: no GPU on this cluster; use BASIC.");
            case ScaleTier.Standard1 or ScaleTier.Premium1:
                throw new JobSpecException(f.At("scaleTier"), $"{SpecNames.NameOf(SpecNames.ScaleTiers, tier)}: distributed training not available yet; use BASIC.");
            case ScaleTier.Custom when workers > 0:
                throw new JobSpecException(f.At("workerCount"), $"CUSTOM with workerCount {workers}: distributed training not available yet; use workerCount 0.");
            case ScaleTier.Basic when workers > 0:
                throw new JobSpecException(f.At("workerCount"), "BASIC is a single worker; workerCount needs scaleTier CUSTOM.");
        }
        string config = Resolve(baseDirectory, f.String("config"));
        var args = f.OptionalStrings("args") ?? [];
        string? jobDir = f.OptionalString("jobDir") is { } d ? Resolve(baseDirectory, d) : null;
        var hyper = f.OptionalObject("hyperparameters") is { } h ? ReadHyperparameters(h) : null;
        Dictionary<string, string>? overrides = null;
        if (f.OptionalObject("overrides") is not null)
        {
            overrides = [];
            foreach (var (key, value) in f.Raw("overrides")!.AsObject())
                overrides[key] = value is JsonValue v && v.GetValueKind() == JsonValueKind.String ? v.GetValue<string>() : value?.ToJsonString() ?? "null";
        }
        return new TrainingInput(tier, workers, config, args, jobDir, hyper, overrides);
    }

    private static HyperparameterSpec ReadHyperparameters(SpecFields f)
    {
        f.OnlyKnown("goal", "hyperparameterMetricTag", "maxTrials", "maxParallelTrials", "maxFailedTrials", "params", "algorithm", "enableTrialEarlyStopping", "resumePreviousJobId", "seed");
        var goal = f.Enum("goal", SpecNames.Goals, TuningGoal.Maximize);
        string tag = f.String("hyperparameterMetricTag");
        int maxTrials = f.OptionalInt("maxTrials") ?? 1;
        int parallel = f.OptionalInt("maxParallelTrials") ?? 1;
        int maxFailed = f.OptionalInt("maxFailedTrials") ?? 0;
        if (maxTrials < 1) throw new JobSpecException(f.At("maxTrials"), "must be at least 1.");
        if (parallel < 1) throw new JobSpecException(f.At("maxParallelTrials"), "must be at least 1.");
        if (maxFailed < 0) throw new JobSpecException(f.At("maxFailedTrials"), "must be 0 (the service decides) or more.");
        var algorithm = f.Enum("algorithm", SpecNames.Algorithms, SearchAlgorithm.Bayesian);
        var array = f.OptionalArray("params") ?? throw new JobSpecException(f.At("params"), "is required: at least one parameter to tune.");
        if (array.Count == 0) throw new JobSpecException(f.At("params"), "must list at least one parameter.");
        var parameters = new List<ParameterSpec>(array.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (int i = 0; i < array.Count; i++)
        {
            string at = $"{f.At("params")}[{i}]";
            if (array[i] is not JsonObject o) throw new JobSpecException(at, "must be an object.");
            var p = ReadParameter(new SpecFields(o, at), algorithm);
            if (!seen.Add(p.ParameterName)) throw new JobSpecException($"{at}.parameterName", $"'{p.ParameterName}' is given twice.");
            parameters.Add(p);
        }
        long seed = (long)(f.OptionalDouble("seed") ?? 0);
        return new HyperparameterSpec(goal, tag, maxTrials, parallel, maxFailed, parameters, algorithm,
            f.OptionalBool("enableTrialEarlyStopping") ?? false, f.OptionalString("resumePreviousJobId"), seed);
    }

    private static ParameterSpec ReadParameter(SpecFields f, SearchAlgorithm algorithm)
    {
        f.OnlyKnown("parameterName", "type", "minValue", "maxValue", "categoricalValues", "discreteValues", "scaleType");
        string name = f.String("parameterName");
        var type = f.Enum<ParameterType>("type", SpecNames.ParameterTypes);
        var scale = f.Enum("scaleType", SpecNames.ScaleTypes, ScaleType.None);
        double? min = f.OptionalDouble("minValue"), max = f.OptionalDouble("maxValue");
        IReadOnlyList<string>? categories = null;
        List<double>? discrete = null;
        if (algorithm == SearchAlgorithm.GridSearch && type == ParameterType.Double)
            throw new JobSpecException(f.At("type"), "GRID_SEARCH takes only INTEGER, CATEGORICAL and DISCRETE parameters.");
        switch (type)
        {
            case ParameterType.Double or ParameterType.Integer:
                if (min is null) throw new JobSpecException(f.At("minValue"), $"is required for {SpecNames.NameOf(SpecNames.ParameterTypes, type)}.");
                if (max is null) throw new JobSpecException(f.At("maxValue"), $"is required for {SpecNames.NameOf(SpecNames.ParameterTypes, type)}.");
                if (min >= max) throw new JobSpecException(f.At("maxValue"), $"must be greater than minValue ({min}).");
                if (type == ParameterType.Integer && (min != Math.Floor(min.Value) || max != Math.Floor(max.Value)))
                    throw new JobSpecException(f.At("minValue"), "INTEGER bounds must be whole numbers.");
                if (scale is ScaleType.UnitLogScale or ScaleType.UnitReverseLogScale && min <= 0)
                    throw new JobSpecException(f.At("minValue"), $"{SpecNames.NameOf(SpecNames.ScaleTypes, scale)} needs a strictly positive range.");
                break;
            case ParameterType.Categorical:
                categories = f.OptionalStrings("categoricalValues");
                if (categories is null || categories.Count == 0) throw new JobSpecException(f.At("categoricalValues"), "is required for CATEGORICAL: at least one value.");
                break;
            case ParameterType.Discrete:
                var values = f.OptionalArray("discreteValues");
                if (values is null || values.Count == 0) throw new JobSpecException(f.At("discreteValues"), "is required for DISCRETE: at least one value.");
                if (values.Count > 1000) throw new JobSpecException(f.At("discreteValues"), "holds at most 1000 values.");
                discrete = new List<double>(values.Count);
                for (int i = 0; i < values.Count; i++)
                {
                    if (values[i] is not JsonValue v || v.GetValueKind() != JsonValueKind.Number) throw new JobSpecException($"{f.At("discreteValues")}[{i}]", "must be a number.");
                    double value = double.Parse(v.ToJsonString(), System.Globalization.CultureInfo.InvariantCulture);
                    if (i > 0 && value <= discrete[^1]) throw new JobSpecException($"{f.At("discreteValues")}[{i}]", "values must be strictly increasing.");
                    discrete.Add(value);
                }
                if (scale is ScaleType.UnitLogScale or ScaleType.UnitReverseLogScale && discrete[0] <= 0)
                    throw new JobSpecException(f.At("scaleType"), "log scales need strictly positive values.");
                break;
        }
        return new ParameterSpec(name, type, min, max, categories, discrete, scale);
    }

    private static PredictionInput ReadPrediction(SpecFields f, string baseDirectory)
    {
        f.OnlyKnown("modelName", "versionName", "uri", "dataFormat", "inputPaths", "outputPath", "batchSize", "region", "runtimeVersion", "maxWorkerCount");
        string? model = f.OptionalString("modelName"), version = f.OptionalString("versionName"), uri = f.OptionalString("uri");
        int given = (model is null ? 0 : 1) + (version is null ? 0 : 1) + (uri is null ? 0 : 1);
        if (given != 1) throw new JobSpecException(f.At("modelName"), "give exactly one of modelName, versionName and uri.");
        var format = f.Enum("dataFormat", [.. SpecNames.DataFormats, ("TEXT", DataFormat.Json)], null);
        var inputs = f.OptionalStrings("inputPaths");
        if (inputs is null || inputs.Count == 0) throw new JobSpecException(f.At("inputPaths"), "is required: at least one file or glob.");
        string output = Resolve(baseDirectory, f.String("outputPath"));
        int batch = f.OptionalInt("batchSize") ?? 64;
        if (batch < 1) throw new JobSpecException(f.At("batchSize"), "must be at least 1.");
        return new PredictionInput(model, version, uri is null ? null : Resolve(baseDirectory, uri), format,
            [.. inputs.Select(p => Resolve(baseDirectory, p))], output, batch);
    }

    private static string Resolve(string baseDirectory, string path) => Path.GetFullPath(Path.Combine(baseDirectory, path));

    private static string StripPath(JobSpecException e) => e.Message.StartsWith(e.Path + ": ", StringComparison.Ordinal) ? e.Message[(e.Path.Length + 2)..] : e.Message;
}
