using Sluice.Data.Reading;
using Sluice.Estimators.Config;
using Sluice.Estimators.Heads;
using Sluice.Estimators.Training;
using Sluice.TestKit;
using Xunit.Abstractions;

namespace Sluice.Estimators.Tests;

public sealed class CensusSmokeTests(ITestOutputHelper output)
{
    [Theory]
    [InlineData("wide", 0.80)]
    [InlineData("deep", 0.80)]
    [InlineData("wide_deep", 0.78)]
    public void One_epoch_of_each_census_sample_learns(string model, double minimumAccuracy)
    {
        using var dir = new TempDirectory();
        var config = TrainingConfig.Load(RepoPaths.Samples("census", $"{model}.yaml"));
        var train = DataReader.ReadAll(config.TrainFile, config.Schema);
        var test = DataReader.ReadAll(config.EvalFile!, config.Schema);
        var estimator = Estimator.Create(config.Spec, config.RunConfigFor(dir.Path));
        var result = estimator.Train(train, config.Training with { Epochs = 1 });
        var metrics = estimator.Evaluate(test);
        output.WriteLine($"{model}: {result.ExamplesPerSecond:F0} ex/s; " + string.Join(", ", metrics.Metrics.Select(m => $"{m.Key}={m.Value:F4}")));
        Assert.Equal(815, result.GlobalStep);
        Assert.True(metrics[MetricKeys.Accuracy] > minimumAccuracy, $"accuracy {metrics[MetricKeys.Accuracy]}");
    }
}
