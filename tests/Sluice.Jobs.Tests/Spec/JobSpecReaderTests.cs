using Sluice.Jobs.Spec;

namespace Sluice.Jobs.Tests.Spec;

public sealed class JobSpecReaderTests
{
    private static JobSpec Parse(string text) => JobSpecReader.Parse(text, "/work/jobs");

    private static JobSpecException Fails(string text) => Assert.Throws<JobSpecException>(() => Parse(text));

    [Fact]
    public void Reads_a_yaml_tuning_job_with_paths_resolved_against_the_spec_folder()
    {
        var spec = Parse("""
            jobId: census_tune_1
            trainingInput:
              scaleTier: BASIC
              config: ../samples/census/wide_deep.yaml
              args: ["--epochs", "1"]
              hyperparameters:
                goal: MAXIMIZE
                hyperparameterMetricTag: auc
                maxTrials: 12
                maxParallelTrials: 3
                enableTrialEarlyStopping: true
                params:
                  - {parameterName: model.dnnOptimizer.learningRate, type: DOUBLE, minValue: 0.001, maxValue: 0.3, scaleType: UNIT_LOG_SCALE}
                  - {parameterName: model.hiddenUnits, type: CATEGORICAL, categoricalValues: ["[100, 50]", "[64]"]}
                  - {parameterName: features.embedding, type: DISCRETE, discreteValues: [4, 8, 16]}
            """);
        Assert.Equal("census_tune_1", spec.JobId);
        var t = spec.TrainingInput!;
        Assert.Equal("/work/samples/census/wide_deep.yaml", t.Config);
        Assert.Equal(["--epochs", "1"], t.Args);
        var h = t.Hyperparameters!;
        Assert.Equal((TuningGoal.Maximize, "auc", 12, 3, SearchAlgorithm.Bayesian, true), (h.Goal, h.HyperparameterMetricTag, h.MaxTrials, h.MaxParallelTrials, h.Algorithm, h.EnableTrialEarlyStopping));
        Assert.Equal(ScaleType.UnitLogScale, h.Params[0].ScaleType);
        Assert.Equal(["[100, 50]", "[64]"], h.Params[1].CategoricalValues);
        Assert.Equal([4.0, 8, 16], h.Params[2].DiscreteValues);

        var again = JobSpecWriter.FromJsonString(JobSpecWriter.ToJsonString(spec));
        Assert.Equal(JobSpecWriter.ToJsonString(spec), JobSpecWriter.ToJsonString(again));
    }

    [Fact]
    public void Reads_a_json_prediction_job()
    {
        var spec = Parse("""{"jobId": "p1", "predictionInput": {"uri": "/m/export/1", "dataFormat": "JSON", "inputPaths": ["in/*.jsonl"], "outputPath": "out", "batchSize": 16}}""");
        var p = spec.PredictionInput!;
        Assert.Equal(("/m/export/1", DataFormat.Json, "/work/jobs/in/*.jsonl", "/work/jobs/out", 16), (p.Uri, p.DataFormat, p.InputPaths[0], p.OutputPath, p.BatchSize));
    }

    [Theory]
    [InlineData("jobId: 1bad\ntrainingInput: {config: c.yaml}", "jobId", "must start with a letter")]
    [InlineData("jobId: j\ntrainingInput: {scaleTier: BASIC_GPU, config: c.yaml}", "trainingInput.scaleTier", "no GPU on this cluster")]
    [InlineData("jobId: j\ntrainingInput: {scaleTier: STANDARD_1, config: c.yaml}", "trainingInput.scaleTier", "distributed training not available yet")]
    [InlineData("jobId: j\ntrainingInput: {scaleTier: CUSTOM, workerCount: 4, config: c.yaml}", "trainingInput.workerCount", "distributed training not available yet")]
    [InlineData("jobId: j\ntrainingInput: {scaleTier: HUGE, config: c.yaml}", "trainingInput.scaleTier", "'HUGE' is not one of")]
    [InlineData("jobId: j\ntrainingInput: {scaleTier: BASIC}", "trainingInput.config", "is required")]
    [InlineData("jobId: j\ntrainingInput: {config: c.yaml, confg: x}", "trainingInput.confg", "unknown field")]
    [InlineData("jobId: j", "(document)", "exactly one of trainingInput and predictionInput")]
    [InlineData("jobId: j\ntrainingInput: {config: c.yaml, hyperparameters: {hyperparameterMetricTag: auc, params: [{parameterName: a, type: DOUBLE, minValue: 0}]}}", "trainingInput.hyperparameters.params[0].maxValue", "is required")]
    [InlineData("jobId: j\ntrainingInput: {config: c.yaml, hyperparameters: {hyperparameterMetricTag: auc, params: [{parameterName: a, type: DOUBLE, minValue: 0, maxValue: 1, scaleType: UNIT_LOG_SCALE}]}}", "trainingInput.hyperparameters.params[0].minValue", "strictly positive")]
    [InlineData("jobId: j\ntrainingInput: {config: c.yaml, hyperparameters: {hyperparameterMetricTag: auc, params: [{parameterName: a, type: DISCRETE, discreteValues: [1, 3, 2]}]}}", "trainingInput.hyperparameters.params[0].discreteValues[2]", "strictly increasing")]
    [InlineData("jobId: j\ntrainingInput: {config: c.yaml, hyperparameters: {algorithm: GRID_SEARCH, hyperparameterMetricTag: auc, params: [{parameterName: a, type: DOUBLE, minValue: 0, maxValue: 1}]}}", "trainingInput.hyperparameters.params[0].type", "GRID_SEARCH takes only")]
    [InlineData("jobId: j\ntrainingInput: {config: c.yaml, hyperparameters: {hyperparameterMetricTag: auc, params: [{parameterName: a, type: INTEGER, minValue: 1, maxValue: 4}, {parameterName: a, type: INTEGER, minValue: 1, maxValue: 4}]}}", "trainingInput.hyperparameters.params[1].parameterName", "given twice")]
    [InlineData("jobId: j\npredictionInput: {modelName: m, uri: /x, dataFormat: JSON, inputPaths: [a], outputPath: o}", "predictionInput.modelName", "exactly one of modelName, versionName and uri")]
    [InlineData("jobId: j\npredictionInput: {modelName: m, dataFormat: JSON, inputPaths: [], outputPath: o}", "predictionInput.inputPaths", "at least one")]
    [InlineData("jobId: j\npredictionInput: {modelName: m, dataFormat: XML, inputPaths: [a], outputPath: o}", "predictionInput.dataFormat", "'XML' is not one of")]
    public void Rejects_bad_specs_naming_the_json_path(string yaml, string path, string message)
    {
        var e = Fails(yaml);
        Assert.Equal(path, e.Path);
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void Bad_yaml_names_the_line()
    {
        var e = Fails("jobId: j\ntrainingInput: {config: [unclosed\n");
        Assert.Contains("line", e.Path);
    }
}
