using Sluice.Data.Reading;
using Sluice.Estimators.Config;
using Sluice.Estimators.Training;
using Sluice.TestKit;

namespace Sluice.Serving.Tests.Support;

/// <summary>
/// A real census wide &amp; deep export bundle (samples/census/wide_deep.yaml trained for a few steps on adult.data,
/// exported with the estimators' exporter), shared by the tests of one class. Two versions trained for different
/// step counts, so their predictions differ.
/// </summary>
public sealed class CensusExportFixture : IDisposable
{
    private readonly TempDirectory _root = new("sluice-census-export");

    public CensusExportFixture()
    {
        var config = TrainingConfig.Load(RepoPaths.Samples("census", "wide_deep.yaml"));
        var train = DataReader.ReadAll(config.TrainFile, config.Schema);
        var estimator = Estimator.Create(config.Spec, config.RunConfigFor(_root.Combine("model")));
        estimator.Train(train, config.Training with { Epochs = null, MaxSteps = 30 });
        FirstExport = estimator.Export(_root.Combine("export"), "census");
        Thread.Sleep(1100); // export folders are <unix-seconds>: make the second one newer
        estimator.Train(train, config.Training with { Epochs = null, MaxSteps = 200 });
        SecondExport = estimator.Export(_root.Combine("export"), "census");
    }

    /// <summary>The first export (30 steps).</summary>
    public string FirstExport { get; }

    /// <summary>The second export (200 steps), a newer numbered folder beside the first.</summary>
    public string SecondExport { get; }

    /// <summary>The folder holding both numbered exports (a base path).</summary>
    public string ExportBase => Path.GetDirectoryName(FirstExport)!;

    public void Dispose() => _root.Dispose();
}
