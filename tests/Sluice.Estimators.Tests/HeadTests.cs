using Sluice.Estimators.Heads;
using Sluice.TestKit;

namespace Sluice.Estimators.Tests;

public sealed class HeadTests
{
    private static float Logit(float p) => MathF.Log(p / (1 - p));

    private static EvaluationData Binary(float[] probabilities, float[] labels, float[]? weights = null)
    {
        var data = new EvaluationData(labels.Length, 1);
        for (int i = 0; i < labels.Length; i++)
        {
            data.Logits[i] = Logit(probabilities[i]);
            data.Labels[i] = labels[i];
            data.Weights[i] = weights?[i] ?? 1f;
        }
        return data;
    }

    private static Dictionary<string, double> MetricsOf(HeadOptions options, EvaluationData data)
    {
        var metrics = new Dictionary<string, double>();
        Head.Create(options).AddMetrics(data, metrics);
        return metrics;
    }

    [Fact]
    public void Binary_metrics_match_hand_computed_values()
    {
        // Ranked: 0.9(+) 0.8(-) 0.3(+) 0.2(-): 3 of 4 positive/negative pairs in order → ROC AUC 0.75.
        // PR points (recall, precision): (.5, 1) (.5, .5) (1, 2/3) (1, .5); trapezoids from (0, 1): .5 + 0 + .5·(.5 + 2/3)/2.
        var m = MetricsOf(new HeadOptions(HeadKind.BinaryClassification, "y"), Binary([0.9f, 0.8f, 0.3f, 0.2f], [1, 0, 1, 0]));
        AssertClose.Scalar(0.75, m[MetricKeys.Auc], what: "auc");
        AssertClose.Scalar(0.5 + 0.5 * (0.5 + 2.0 / 3) / 2, m[MetricKeys.AucPrecisionRecall], what: "auc_precision_recall");
        AssertClose.Scalar(0.5, m[MetricKeys.Accuracy]);
        AssertClose.Scalar(0.5, m[MetricKeys.Precision]);
        AssertClose.Scalar(0.5, m[MetricKeys.Recall]);
        AssertClose.Scalar(0.5, m[MetricKeys.LabelMean]);
        AssertClose.Scalar(0.5, m[MetricKeys.AccuracyBaseline]);
        AssertClose.Scalar(0.55, m[MetricKeys.PredictionMean]);
    }

    [Fact]
    public void Binary_metrics_use_example_weights_and_ties_count_half()
    {
        var m = MetricsOf(new HeadOptions(HeadKind.BinaryClassification, "y"), Binary([0.9f, 0.8f, 0.3f, 0.2f], [1, 0, 1, 0], [1, 1, 2, 1]));
        AssertClose.Scalar(2.0 / 5, m[MetricKeys.Accuracy]);
        AssertClose.Scalar(3.0 / 5, m[MetricKeys.LabelMean]);
        AssertClose.Scalar(0.6, m[MetricKeys.AccuracyBaseline]);
        // Weighted pairs: pos 0.9 (w1) beats both negatives (w1 each) = 2; pos 0.3 (w2) beats 0.2 (w1) = 2 → 4 of 6.
        AssertClose.Scalar(4.0 / 6, m[MetricKeys.Auc]);
        var ties = MetricsOf(new HeadOptions(HeadKind.BinaryClassification, "y"), Binary([0.5f, 0.5f], [1, 0]));
        AssertClose.Scalar(0.5, ties[MetricKeys.Auc]);
    }

    [Fact]
    public void Exact_auc_equals_the_pair_counting_definition_on_random_scores()
    {
        var rng = new Random(3);
        int n = 300;
        var scores = new float[n];
        var labels = new float[n];
        var weights = new float[n];
        for (int i = 0; i < n; i++)
        {
            scores[i] = MathF.Round((float)rng.NextDouble(), 2);   // rounding creates ties
            labels[i] = rng.NextDouble() < 0.3 ? 1 : 0;
            weights[i] = 1;
        }
        double pairs = 0, wins = 0;
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                if (labels[i] == 1 && labels[j] == 0)
                {
                    pairs++;
                    wins += scores[i] > scores[j] ? 1 : scores[i] == scores[j] ? 0.5 : 0;
                }
        var (roc, _) = RankingMetrics.Auc(scores, labels, weights);
        AssertClose.Scalar(wins / pairs, roc, rtol: 1e-9);
    }

    [Fact]
    public void Multiclass_accuracy_and_regression_errors()
    {
        var mc = new EvaluationData(3, 3);
        float[] logits = [2, 1, 0, 0, 0, 5, 1, 3, 2];
        logits.CopyTo(mc.Logits, 0);
        float[] labels = [0, 1, 1];
        labels.CopyTo(mc.Labels, 0);
        Array.Fill(mc.Weights, 1f);
        AssertClose.Scalar(2.0 / 3, MetricsOf(new HeadOptions(HeadKind.MultiClassClassification, "y", 3), mc)[MetricKeys.Accuracy]);

        var reg = new EvaluationData(2, 1);
        reg.Logits[0] = 3; reg.Logits[1] = 1;
        reg.Labels[0] = 1; reg.Labels[1] = 2;
        reg.Weights[0] = 1; reg.Weights[1] = 3;
        var m = MetricsOf(new HeadOptions(HeadKind.Regression, "y"), reg);
        AssertClose.Scalar((2.0 + 3 * 1) / 4, m[MetricKeys.Mae]);
        AssertClose.Scalar(Math.Sqrt((4.0 + 3 * 1) / 4), m[MetricKeys.Rmse]);
        AssertClose.Scalar((1 + 6.0) / 4, m[MetricKeys.LabelMean]);
        AssertClose.Scalar((3 + 3.0) / 4, m[MetricKeys.PredictionMean]);
    }

    public static TheoryData<HeadKind, float[], float> LossCases => new()
    {
        { HeadKind.BinaryClassification, [0.7f], 1f },
        { HeadKind.BinaryClassification, [-2.5f], 0f },
        { HeadKind.MultiClassClassification, [0.3f, -1.2f, 2f], 1f },
        { HeadKind.Regression, [3.5f], 1.25f },
    };

    [Theory, MemberData(nameof(LossCases))]
    public void Loss_gradient_matches_finite_differences(HeadKind kind, float[] logits, float label)
    {
        var head = Head.Create(new HeadOptions(kind, "y", kind == HeadKind.MultiClassClassification ? 3 : 2));
        var gradient = new float[logits.Length];
        head.LossAndGradient(logits, label, gradient);
        var scratch = new float[logits.Length];
        for (int k = 0; k < logits.Length; k++)
        {
            const float h = 1e-2f;
            var plus = (float[])logits.Clone(); plus[k] += h;
            var minus = (float[])logits.Clone(); minus[k] -= h;
            double numeric = ((double)head.LossAndGradient(plus, label, scratch) - head.LossAndGradient(minus, label, scratch)) / (2 * h);
            AssertClose.Scalar(numeric, gradient[k], rtol: 1e-2, atol: 1e-3, what: $"d loss / d logit {k}");
        }
    }

    [Fact]
    public void Binary_loss_is_sigmoid_cross_entropy()
    {
        var head = Head.Create(new HeadOptions(HeadKind.BinaryClassification, "y"));
        var g = new float[1];
        AssertClose.Scalar(Math.Log(1 + Math.Exp(-0.7)), head.LossAndGradient([0.7f], 1f, g), rtol: 1e-5);
        AssertClose.Scalar(Math.Log(1 + Math.Exp(0.7)), head.LossAndGradient([0.7f], 0f, g), rtol: 1e-5);
    }

    [Fact]
    public void Head_options_reject_bad_combinations_naming_the_field()
    {
        Assert.Contains("head.numClasses", Assert.Throws<ArgumentException>(() => new HeadOptions(HeadKind.MultiClassClassification, "y", 2).Validate()).Message);
        Assert.Contains("head.labelVocabulary", Assert.Throws<ArgumentException>(() => new HeadOptions(HeadKind.BinaryClassification, "y", 2, ["a"]).Validate()).Message);
        Assert.Equal(["<=50K", ">50K"], new HeadOptions(HeadKind.BinaryClassification, "y", 2, ["<=50K", ">50K"]).ClassLabels);
        Assert.Equal(["0", "1"], new HeadOptions(HeadKind.BinaryClassification, "y").ClassLabels);
    }

    [Fact]
    public void Label_reader_maps_vocabulary_labels_and_names_bad_rows()
    {
        var reader = new LabelReader(new HeadOptions(HeadKind.BinaryClassification, "income", 2, ["<=50K", ">50K"]));
        var labels = new float[3];
        var weights = new float[3];
        reader.Read(Batches.Of(Batches.Strings("income", ">50K", "<=50K", ">50K")), 3, labels, weights);
        Assert.Equal([1f, 0f, 1f], labels);
        Assert.Equal([1f, 1f, 1f], weights);
        var e = Assert.Throws<InvalidDataException>(() => reader.Read(Batches.Of(Batches.Strings("income", ">50K.")), 1, labels, weights));
        Assert.Contains("row 0", e.Message);
    }
}
