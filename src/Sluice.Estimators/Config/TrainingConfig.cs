using System.Text.Json.Nodes;
using Sluice.Data.Schema;
using Sluice.Estimators.FeatureColumns;
using Sluice.Estimators.Model;
using Sluice.Estimators.Serialization;
using Sluice.Estimators.Training;

namespace Sluice.Estimators.Config;

/// <summary>
/// A declarative training run (the YAML config): data files and their schema, named feature columns, the model,
/// training length and evaluation schedule, run config. Paths are relative to the config file. Every error names the
/// file and the field path, e.g. <c>census.yaml: model.hiddenUnits[2]: must be a positive integer</c>.
/// </summary>
public sealed record TrainingConfig(
    string SourceFile,
    string TrainFile,
    string? EvalFile,
    DataSchema Schema,
    EstimatorSpec Spec,
    TrainOptions Training,
    TrainAndEvaluateOptions? Evaluation,
    int? SaveCheckpointsSteps,
    double? SaveCheckpointsSecs,
    int KeepCheckpointMax,
    int LogStepCountSteps,
    long Seed,
    string? WarmStartFrom,
    string? ModelDirectory,
    int? HistogramsEveryNSteps = null)
{
    /// <summary>The run config for <paramref name="modelDirectory"/> (or the config's own <c>runConfig.modelDir</c>).</summary>
    public RunConfig RunConfigFor(string? modelDirectory) => new(
        modelDirectory ?? ModelDirectory ?? throw new ArgumentException("runConfig.modelDir: give a model dir in the config or on the command line."),
        SaveCheckpointsSteps, SaveCheckpointsSecs, KeepCheckpointMax, LogStepCountSteps, Seed, WarmStartFrom, HistogramsEveryNSteps);

    public static TrainingConfig Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Training config not found: {path}", path);
        string full = Path.GetFullPath(path);
        try
        {
            return Parse(File.ReadAllText(full), full);
        }
        catch (SpecFormatException e) when (e.File is null)
        {
            throw new SpecFormatException(e.Path, StripPath(e), full, e);
        }
    }

    public static TrainingConfig Parse(string yaml, string sourceFile)
    {
        var root = YamlToJson.Parse(yaml, sourceFile) as JsonObject ?? throw new SpecFormatException("(document)", "must be a mapping with data, features, model and training sections.", sourceFile);
        var f = new JsonFields(root, "");
        f.OnlyKnown("data", "features", "model", "training", "evaluation", "runConfig");
        string baseDirectory = Path.GetDirectoryName(sourceFile) ?? ".";

        var data = f.Object("data");
        data.OnlyKnown("train", "eval", "schema");
        string train = Resolve(baseDirectory, data.String("train"));
        string? eval = data.OptionalString("eval") is { } e ? Resolve(baseDirectory, e) : null;
        var schema = ReadSchema(data, baseDirectory, sourceFile);

        var named = f.OptionalArray("features") is { } features ? FeatureColumnJson.ReadNamed(WithDefaultKeys(features), f.At("features")) : [];
        var spec = EstimatorSpecJson.Read(f.Object("model"), name => named.GetValueOrDefault(name));
        if (schema.IndexOf(spec.Head.LabelKey) < 0)
            throw new SpecFormatException("model.head.label", $"'{spec.Head.LabelKey}' is not a column of data.schema.");
        foreach (var column in spec.LinearColumns.Concat(spec.DnnColumns))
            foreach (string key in column.InputKeys)
                if (schema.IndexOf(key) < 0) throw new SpecFormatException("model", $"feature column '{column.Name}' reads '{key}', which is not a column of data.schema.");

        var t = f.OptionalObject("training") ?? new JsonFields(new JsonObject(), "training");
        t.OnlyKnown("batchSize", "epochs", "maxSteps", "steps", "shuffle");
        var training = new TrainOptions(t.OptionalInt("batchSize") ?? 40, t.OptionalInt("epochs"), t.OptionalLong("maxSteps"), t.OptionalLong("steps"), t.OptionalBool("shuffle") ?? true);
        if (training.Epochs is null && training.MaxSteps is null && training.Steps is null) training = training with { Epochs = 1 };
        Check(training.Validate);

        TrainAndEvaluateOptions? evaluation = null;
        if (f.OptionalObject("evaluation") is { } ev)
        {
            if (eval is null) throw new SpecFormatException("data.eval", "is required when an evaluation section is given.");
            evaluation = ReadEvaluation(ev, training, train);
        }

        var rc = f.OptionalObject("runConfig") ?? new JsonFields(new JsonObject(), "runConfig");
        rc.OnlyKnown("modelDir", "saveCheckpointsSteps", "saveCheckpointsSecs", "keepCheckpointMax", "logStepCountSteps", "seed", "warmStartFrom", "histogramsEveryNSteps");
        var config = new TrainingConfig(sourceFile, train, eval, schema, spec, training, evaluation,
            rc.OptionalInt("saveCheckpointsSteps"), rc.OptionalDouble("saveCheckpointsSecs"), rc.OptionalInt("keepCheckpointMax") ?? 5,
            rc.OptionalInt("logStepCountSteps") ?? 100, rc.OptionalLong("seed") ?? 0,
            rc.OptionalString("warmStartFrom") is { } ws ? Resolve(baseDirectory, ws) : null,
            rc.OptionalString("modelDir") is { } md ? Resolve(baseDirectory, md) : null,
            rc.OptionalInt("histogramsEveryNSteps"));
        Check(() => config.RunConfigFor(config.ModelDirectory ?? "unset").Validate());
        return config;
    }

    private static TrainAndEvaluateOptions ReadEvaluation(JsonFields ev, TrainOptions training, string trainFile)
    {
        ev.OnlyKnown("everySteps", "everyEpochs", "exporters", "earlyStopping");
        long every = ev.OptionalLong("everySteps") ?? 0;
        if (ev.OptionalInt("everyEpochs") is { } epochs)
        {
            if (every > 0) throw new SpecFormatException(ev.At("everyEpochs"), "cannot be combined with everySteps.");
            // Steps per epoch need the row count; count data lines once (cheap next to training).
            every = -epochs;
        }
        var exporters = new List<ExporterOptions>();
        var array = ev.OptionalArray("exporters") ?? [];
        for (int i = 0; i < array.Count; i++)
        {
            var x = new JsonFields(array[i] as JsonObject ?? throw new SpecFormatException($"{ev.At("exporters")}[{i}]", "must be a mapping."), $"{ev.At("exporters")}[{i}]");
            x.OnlyKnown("kind", "name", "exportsToKeep", "metric", "higherIsBetter");
            var kind = x.Enum("kind", ExporterKind.Final);
            exporters.Add(new ExporterOptions(kind, x.OptionalString("name") ?? kind.ToString().ToLowerInvariant(), x.OptionalInt("exportsToKeep") ?? 5, x.OptionalString("metric") ?? "loss", x.OptionalBool("higherIsBetter") ?? false));
        }
        EarlyStoppingOptions? stopping = null;
        if (ev.OptionalObject("earlyStopping") is { } es)
        {
            es.OnlyKnown("metric", "higherIsBetter", "maxEvaluationsWithoutImprovement", "threshold", "minSteps");
            stopping = new EarlyStoppingOptions(es.String("metric"), es.OptionalBool("higherIsBetter") ?? false, es.OptionalInt("maxEvaluationsWithoutImprovement"), es.OptionalDouble("threshold"), es.OptionalLong("minSteps") ?? 0);
        }
        var options = new TrainAndEvaluateOptions(every == 0 ? long.MaxValue : every, exporters, stopping);
        Check(() => (options with { EvaluateEverySteps = Math.Max(1, Math.Abs(options.EvaluateEverySteps)) }).Validate());
        return options;
    }

    /// <summary>The evaluation cadence in steps (resolving <c>everyEpochs</c> with the training row count).</summary>
    public TrainAndEvaluateOptions? EvaluationFor(int trainingRows)
    {
        if (Evaluation is null) return null;
        if (Evaluation.EvaluateEverySteps >= 0) return Evaluation;
        long stepsPerEpoch = (trainingRows + Training.BatchSize - 1) / Training.BatchSize;
        return Evaluation with { EvaluateEverySteps = -Evaluation.EvaluateEverySteps * stepsPerEpoch };
    }

    private static DataSchema ReadSchema(JsonFields data, string baseDirectory, string sourceFile)
    {
        var node = data.Raw("schema") ?? throw new SpecFormatException(data.At("schema"), "is required (a mapping, or the path of a schema file).");
        try
        {
            if (node is JsonValue v && v.TryGetValue(out string? file)) return SchemaSerializer.Load(Resolve(baseDirectory, file));
            return SchemaSerializer.FromJson(node.ToJsonString(), sourceFile);
        }
        catch (DataSchemaException e)
        {
            throw new SpecFormatException($"{data.At("schema")}.{e.Path.TrimStart('$', '.')}", e.Message, sourceFile, e);
        }
    }

    /// <summary>Raw-input columns defined under <c>features</c> default their key to their name.</summary>
    private static JsonArray WithDefaultKeys(JsonArray features)
    {
        var copy = (JsonArray)features.DeepClone();
        foreach (var item in copy)
        {
            if (item is JsonObject o && o["key"] is null && o["name"] is JsonValue name
                && o["type"] is JsonValue type && type.GetValue<string>() is "numeric" or "vocabulary_list" or "vocabulary_file" or "hash_bucket" or "identity")
                o["key"] = name.GetValue<string>();
        }
        return copy;
    }

    private static void Check(Action validate)
    {
        try { validate(); }
        catch (ArgumentException e)
        {
            int colon = e.Message.IndexOf(": ", StringComparison.Ordinal);
            throw colon > 0 ? new SpecFormatException(e.Message[..colon], e.Message[(colon + 2)..], inner: e) : new SpecFormatException("", e.Message, inner: e);
        }
    }

    private static string Resolve(string baseDirectory, string path) => Path.GetFullPath(Path.IsPathRooted(path) ? path : Path.Combine(baseDirectory, path));

    private static string StripPath(SpecFormatException e)
    {
        string prefix = $"{e.Path}: ";
        return e.Message.StartsWith(prefix, StringComparison.Ordinal) ? e.Message[prefix.Length..] : e.Message;
    }
}
