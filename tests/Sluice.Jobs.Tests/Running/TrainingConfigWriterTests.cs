using Sluice.Estimators.Config;
using Sluice.Jobs.Running;
using Sluice.Jobs.Spec;
using Sluice.TestKit;

namespace Sluice.Jobs.Tests.Running;

public sealed class TrainingConfigWriterTests : IDisposable
{
    private readonly TempDirectory _dir = new("sluice-jobs-config");

    [Fact]
    public void Writes_a_loadable_config_with_absolute_paths_and_overrides_applied()
    {
        string written = TrainingConfigWriter.Write(RepoPaths.Samples("census", "deep.yaml"), new Dictionary<string, string>
        {
            ["model.hiddenUnits"] = "[64, 32]",
            ["features.occupation_embedding.dimension"] = "16",
            ["training.batchSize"] = "128",
            ["model.dnnOptimizer.kind"] = "adagrad",
            ["model.dnnOptimizer.learningRate"] = "0.02",
        }, _dir.Combine("job", "config.yaml"));

        // It lives elsewhere now, yet still finds the census data, and the estimators' own loader accepts it.
        var config = TrainingConfig.Load(written);
        Assert.Equal(RepoPaths.Samples("census", "data", "adult.data"), config.TrainFile);
        Assert.Equal([64, 32], config.Spec.Dnn!.HiddenUnits);
        Assert.Equal(128, config.Training.BatchSize);
        Assert.Equal(0.02f, config.Spec.DnnOptimizer!.LearningRate!.Value, 5);
        Assert.Contains("dimension: 16", File.ReadAllText(written));
    }

    [Fact]
    public void A_bad_override_path_is_a_clear_error()
    {
        var e = Assert.Throws<JobSpecException>(() => TrainingConfigWriter.Write(RepoPaths.Samples("census", "deep.yaml"),
            new Dictionary<string, string> { ["features.no_such_feature.dimension"] = "4" }, _dir.Combine("c.yaml")));
        Assert.Equal("features.no_such_feature.dimension", e.Path);
        Assert.Contains("'no_such_feature' is neither an index nor the name", e.Message);
    }

    public void Dispose() => _dir.Dispose();
}
