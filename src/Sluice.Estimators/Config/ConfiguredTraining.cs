using System.Text;
using System.Text.Json.Nodes;
using Sluice.Data.Columns;
using Sluice.Data.Reading;
using Sluice.Data.Schema;
using Sluice.Estimators.Serialization;
using Sluice.Estimators.Training;

namespace Sluice.Estimators.Config;

/// <summary>
/// Config-driven runs (what <c>sluice train|evaluate|export</c> and the quickstart call): train from a YAML config into
/// a model dir, then evaluate or export from the model dir alone. Training records the data files and schema in
/// <c>data.json</c> in the model dir so later commands need no config.
/// </summary>
public static class ConfiguredTraining
{
    private const string DataFileName = "data.json";

    /// <summary>
    /// Trains per <paramref name="configPath"/> into <paramref name="modelDirectory"/> (resuming what is there);
    /// <paramref name="epochs"/> / <paramref name="maxSteps"/> override the config's training length. With eval data
    /// the run is train-and-evaluate (evaluation schedule, exporters, early stopping from the config).
    /// </summary>
    public static ConfiguredRunResult Train(string configPath, string? modelDirectory, int? epochs = null, long? maxSteps = null, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        var config = TrainingConfig.Load(configPath);
        var runConfig = config.RunConfigFor(modelDirectory);
        var training = config.Training;
        if (epochs is not null || maxSteps is not null) training = training with { Epochs = epochs, MaxSteps = maxSteps, Steps = null };
        training.Validate();

        var trainData = DataReader.ReadAll(config.TrainFile, config.Schema);
        var estimator = Estimator.Create(config.Spec, runConfig);
        SaveDataInfo(runConfig.ModelDirectory, config);
        if (config.EvalFile is null)
        {
            var result = estimator.Train(trainData, training, progress, cancellationToken);
            return new ConfiguredRunResult(runConfig.ModelDirectory, result, null, [], false, null);
        }
        var evalData = DataReader.ReadAll(config.EvalFile, config.Schema);
        var schedule = config.EvaluationFor(trainData.RowCount) ?? new TrainAndEvaluateOptions(long.MaxValue);
        var run = estimator.TrainAndEvaluate(trainData, evalData, training, schedule, progress, cancellationToken);
        return new ConfiguredRunResult(runConfig.ModelDirectory, run.Training, run.FinalEvaluation, run.Exports, run.StoppedEarly, run.StopReason);
    }

    /// <summary>Evaluates the model in <paramref name="modelDirectory"/> on <paramref name="dataPath"/> (default: the config's eval file).</summary>
    public static EvaluationResult Evaluate(string modelDirectory, string? dataPath = null)
    {
        var (schema, _, eval) = LoadDataInfo(modelDirectory);
        string path = dataPath ?? eval ?? throw new ArgumentException("--data: the model's config has no eval file; give one.");
        var data = DataReader.ReadAll(path, schema);
        return Estimator.Open(modelDirectory).Evaluate(data);
    }

    /// <summary>Exports the model in <paramref name="modelDirectory"/>; returns the bundle path.</summary>
    public static string Export(string modelDirectory, string? exportDirectory = null, string name = "exporter")
        => Estimator.Open(modelDirectory).Export(exportDirectory, name);

    /// <summary>Reads a data file with the schema recorded in the model dir.</summary>
    public static ColumnBatch ReadData(string modelDirectory, string path) => DataReader.ReadAll(path, LoadDataInfo(modelDirectory).Schema);

    private static void SaveDataInfo(string modelDirectory, TrainingConfig config)
    {
        Directory.CreateDirectory(modelDirectory);
        var json = new JsonObject
        {
            ["config"] = config.SourceFile,
            ["train"] = config.TrainFile,
            ["eval"] = config.EvalFile,
            ["schema"] = JsonNode.Parse(SchemaSerializer.ToJson(config.Schema)),
        };
        Sluice.Data.AtomicFile.WriteAllBytes(Path.Combine(modelDirectory, DataFileName), Encoding.UTF8.GetBytes(json.ToJsonString()));
    }

    private static (DataSchema Schema, string? Train, string? Eval) LoadDataInfo(string modelDirectory)
    {
        string path = Path.Combine(modelDirectory, DataFileName);
        if (!File.Exists(path)) throw new FileNotFoundException($"'{modelDirectory}' has no {DataFileName}: it was not trained from a config (train with `sluice train --config`).", path);
        var f = new JsonFields(JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new SpecFormatException("", "must be a JSON object.", path), "");
        var schema = SchemaSerializer.FromJson(f.Raw("schema")?.ToJsonString() ?? throw new SpecFormatException("schema", "is required.", path), path);
        return (schema, f.OptionalString("train"), f.OptionalString("eval"));
    }
}
