// Census income, wide & deep: the official TF feature set (tensorflow/models official/wide_deep) in C#.
// Same model as samples/census/wide_deep.yaml. Usage: [model-dir] [epochs]
using Sluice.Data.Columns;
using Sluice.Data.Reading;
using Sluice.Data.Schema;
using Sluice.Estimators.FeatureColumns;
using Sluice.Estimators.Heads;
using Sluice.Estimators.Model;
using Sluice.Estimators.Training;

string modelDir = args.Length > 0 ? args[0] : Path.Combine(Path.GetTempPath(), "sluice-census-csharp");
int epochs = args.Length > 1 ? int.Parse(args[1]) : 40;
string data = Path.Combine(AppContext.BaseDirectory, "data");

// The data: 15 comma-separated columns, no header; adult.test starts with a '|' line and its labels end with '.'.
string[] numericNames = ["age", "fnlwgt", "education_num", "capital_gain", "capital_loss", "hours_per_week"];
string[] names = ["age", "workclass", "fnlwgt", "education", "education_num", "marital_status", "occupation", "relationship",
                  "race", "gender", "capital_gain", "capital_loss", "hours_per_week", "native_country", "income_bracket"];
var schema = new DataSchema
{
    Columns = [.. names.Select(n => new ColumnSchema(n, numericNames.Contains(n) ? ColumnKind.Float32 : ColumnKind.String))],
    Read = new ReadOptions { Header = false, CommentPrefix = "|", MissingTokens = [""] },
};
schema.Columns[^1].StripSuffix = ".";

// Feature columns.
var age = FeatureColumn.Numeric("age");
var education = FeatureColumn.CategoricalWithVocabularyList("education", ["Bachelors", "HS-grad", "11th", "Masters", "9th",
    "Some-college", "Assoc-acdm", "Assoc-voc", "7th-8th", "Doctorate", "Prof-school", "5th-6th", "10th", "1st-4th", "Preschool", "12th"]);
var maritalStatus = FeatureColumn.CategoricalWithVocabularyList("marital_status", ["Married-civ-spouse", "Divorced",
    "Married-spouse-absent", "Never-married", "Separated", "Married-AF-spouse", "Widowed"]);
var relationship = FeatureColumn.CategoricalWithVocabularyList("relationship", ["Husband", "Not-in-family", "Wife", "Own-child", "Unmarried", "Other-relative"]);
var workclass = FeatureColumn.CategoricalWithVocabularyList("workclass", ["Self-emp-not-inc", "Private", "State-gov",
    "Federal-gov", "Local-gov", "?", "Self-emp-inc", "Without-pay", "Never-worked"]);
var occupation = FeatureColumn.CategoricalWithHashBucket("occupation", 1_000);
var ageBuckets = FeatureColumn.Bucketized(age, 18, 25, 30, 35, 40, 45, 50, 55, 60, 65);

FeatureColumn[] wide = [education, maritalStatus, relationship, workclass, occupation, ageBuckets,
    FeatureColumn.Crossed([education, "occupation"], 1_000),
    FeatureColumn.Crossed([ageBuckets, education, "occupation"], 1_000)];
FeatureColumn[] deep = [age, FeatureColumn.Numeric("education_num"), FeatureColumn.Numeric("capital_gain"),
    FeatureColumn.Numeric("capital_loss"), FeatureColumn.Numeric("hours_per_week"),
    workclass.Indicator(), education.Indicator(), maritalStatus.Indicator(), relationship.Indicator(),
    occupation.Embed(dimension: 8)];

// The model: DNNLinearCombinedClassifier with TF's default optimizers (FTRL for wide, Adagrad for deep).
var spec = new EstimatorSpec(ModelKind.WideDeep,
    new HeadOptions(HeadKind.BinaryClassification, "income_bracket", LabelVocabulary: ["<=50K", ">50K"]),
    wide, deep, new DnnOptions([100, 75, 50, 25]));
var estimator = Estimator.Create(spec, new RunConfig(modelDir, SaveCheckpointsSteps: 5_000, LogStepCountSteps: 2_000, Seed: 42));

var train = DataReader.ReadAll(Path.Combine(data, "adult.data"), schema);
var test = DataReader.ReadAll(Path.Combine(data, "adult.test"), schema);
var progress = new Progress(p => Console.WriteLine($"step {p.GlobalStep}/{p.MaxSteps}  loss {p.AverageLoss:F4}  {p.ExamplesPerSecond:N0} examples/s"));
estimator.Train(train, new TrainOptions(BatchSize: 40, Epochs: epochs), progress);

var metrics = estimator.Evaluate(test);
Console.WriteLine($"accuracy {metrics[MetricKeys.Accuracy]:F4}  auc {metrics[MetricKeys.Auc]:F4}  average_loss {metrics[MetricKeys.AverageLoss]:F4}");
Console.WriteLine($"exported to {estimator.Export(metrics: metrics.Metrics)}");

/// <summary>Reports progress on the training thread (System.Progress would post to the thread pool).</summary>
sealed class Progress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
{
    public void Report(TrainingProgress value) => report(value);
}
