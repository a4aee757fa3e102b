using Sluice.Estimators.Config;
using Sluice.Estimators.FeatureColumns;
using Sluice.Estimators.Model;
using Sluice.Estimators.Serialization;
using Sluice.TestKit;

namespace Sluice.Estimators.Tests;

public sealed class ConfigTests
{
    [Fact]
    public void The_census_wide_deep_sample_has_the_official_tf_feature_set()
    {
        var config = TrainingConfig.Load(RepoPaths.Samples("census", "wide_deep.yaml"));
        Assert.Equal(ModelKind.WideDeep, config.Spec.Model);
        Assert.Equal(["education", "marital_status", "relationship", "workclass", "occupation", "age_bucketized", "education_X_occupation", "age_bucketized_X_education_X_occupation"],
            config.Spec.LinearColumns.Select(c => c.Name));
        Assert.Equal([100, 75, 50, 25], config.Spec.Dnn!.HiddenUnits);
        Assert.Equal(10, config.Spec.DnnColumns.Count);
        Assert.Equal(8, config.Spec.DnnColumns.OfType<EmbeddingColumn>().Single().Dimension);
        Assert.Equal(40, config.Training.Epochs);
        Assert.Equal(40, config.Training.BatchSize);
        Assert.EndsWith(Path.Combine("samples", "census", "data", "adult.data"), config.TrainFile);
        var (options, rate) = config.Spec.ResolveLinearOptimizer();
        Assert.Equal(Optimizers.OptimizerKind.Ftrl, options.Kind);
        Assert.Equal(0.005f, rate);
        Assert.Equal(0.001f, config.Spec.ResolveDnnOptimizer().LearningRate);
        Assert.Equal(0.2f, TrainingConfig.Load(RepoPaths.Samples("census", "wide.yaml")).Spec.ResolveLinearOptimizer().LearningRate);
        Assert.Equal(0.05f, TrainingConfig.Load(RepoPaths.Samples("census", "deep.yaml")).Spec.ResolveDnnOptimizer().LearningRate);
        Assert.Equal(13, TrainingConfig.Load(RepoPaths.Samples("housing", "dnn.yaml")).Spec.DnnColumns.Count);
    }

    private const string Valid = """
        data:
          train: train.csv
          schema:
            read: {header: true}
            columns: [{name: x, kind: float32}, {name: c, kind: string}, {name: y, kind: string}]
        features:
          - {name: x, type: numeric}
          - {name: c, type: vocabulary_list, vocabulary: [a, b]}
          - {name: c_onehot, type: indicator, categorical: c}
        model:
          kind: dnn
          head: {kind: binary, label: y, labelVocabulary: ["no", "yes"]}
          dnnColumns: [x, c_onehot]
          hiddenUnits: [4]
        training: {batchSize: 8, epochs: 2}
        """;

    [Fact]
    public void A_valid_config_parses()
    {
        var config = TrainingConfig.Parse(Valid, "/tmp/cfg.yaml");
        Assert.Equal("/tmp/train.csv", config.TrainFile);
        Assert.Equal(["c_indicator", "x"], config.Spec.DnnColumns.Select(c => c.Name).Order());
    }

    [Theory]
    [InlineData("hiddenUnits: [4]", "hiddenUnits: [4, -1]", "model.hiddenUnits[1]")]
    [InlineData("kind: dnn", "kind: forest", "model.kind")]
    [InlineData("dnnColumns: [x, c_onehot]", "dnnColumns: [x, c]", "model.dnnColumns")]
    [InlineData("dnnColumns: [x, c_onehot]", "dnnColumns: [x, nope]", "model.dnnColumns[1]")]
    [InlineData("vocabulary: [a, b]", "vocabulary: [a, a]", "features[1]")]
    [InlineData("batchSize: 8", "batchSize: 0", "training.batchSize")]
    [InlineData("label: y,", "label: z,", "model.head.label")]
    [InlineData("type: numeric", "type: numerical", "features[0].type")]
    [InlineData("epochs: 2}", "epochs: 2, speed: 3}", "training.speed")]
    public void Config_errors_name_the_field(string from, string to, string field)
    {
        string yaml = Valid.Replace(from, to, StringComparison.Ordinal);
        Assert.NotEqual(Valid, yaml);
        var e = Assert.Throws<SpecFormatException>(() => TrainingConfig.Parse(yaml, "/tmp/cfg.yaml"));
        Assert.StartsWith(field, e.Path);
    }

    [Fact]
    public void Feature_columns_round_trip_through_json()
    {
        var config = TrainingConfig.Load(RepoPaths.Samples("census", "wide_deep.yaml"));
        foreach (var column in config.Spec.LinearColumns.Concat(config.Spec.DnnColumns))
        {
            var again = FeatureColumnJson.Read(FeatureColumnJson.Write(column), "c", _ => null);
            Assert.Equal(column.ToString(), again.ToString());
        }
    }
}
