using Sluice.Estimators.Heads;

namespace Sluice.Estimators.Export;

/// <summary>
/// The outputs of one <see cref="Predictor.Predict"/> call, per row, under TF's prediction keys. Owned and reused by
/// its predictor: read it before the next call.
/// </summary>
public sealed class PredictionBatch
{
    private readonly float[] _logits;
    private readonly float[] _probabilities;
    private readonly int[] _classIds;
    private readonly int _units;
    private readonly IReadOnlyList<string>? _labels;

    internal PredictionBatch(HeadKind head, int units, IReadOnlyList<string>? classLabels, int capacity)
    {
        Head = head;
        _units = units;
        _labels = classLabels;
        _logits = new float[capacity * units];
        ProbabilityCount = head == HeadKind.Regression ? 0 : Math.Max(2, units);
        _probabilities = new float[capacity * ProbabilityCount];
        _classIds = new int[capacity];
    }

    public HeadKind Head { get; }
    public int Count { get; private set; }

    /// <summary>Entries per row of <see cref="Probabilities"/> (the class count; 0 for regression).</summary>
    public int ProbabilityCount { get; }

    public ReadOnlySpan<float> Logits(int row) => _logits.AsSpan(Check(row) * _units, _units);

    /// <summary>Class probabilities (binary: softmax([0, logit]) = [1 - σ, σ]).</summary>
    public ReadOnlySpan<float> Probabilities(int row) => Head == HeadKind.Regression
        ? throw new InvalidOperationException("A regressor has no probabilities.")
        : _probabilities.AsSpan(Check(row) * ProbabilityCount, ProbabilityCount);

    public int ClassId(int row) => Head == HeadKind.Regression ? throw new InvalidOperationException("A regressor has no classes.") : _classIds[Check(row)];

    /// <summary>The class label: the label vocabulary entry, or the class id as text.</summary>
    public string ClassLabel(int row) => _labels![ClassId(row)];

    /// <summary>σ(logit), binary classifiers only.</summary>
    public float Logistic(int row) => Head == HeadKind.BinaryClassification ? _probabilities[Check(row) * 2 + 1] : throw new InvalidOperationException("Only a binary classifier has a logistic output.");

    /// <summary>The regression outputs (= logits).</summary>
    public ReadOnlySpan<float> Predictions(int row) => Head == HeadKind.Regression ? Logits(row) : throw new InvalidOperationException("Only a regressor has predictions.");

    /// <summary>All class labels in id order (TF's all_classes); null for regression.</summary>
    public IReadOnlyList<string>? AllClasses => _labels;

    /// <summary>Fills the outputs from the first <paramref name="count"/> rows of <paramref name="logits"/>.</summary>
    internal void Fill(ReadOnlySpan<float> logits, int count)
    {
        Count = count;
        logits[..(count * _units)].CopyTo(_logits);
        if (Head == HeadKind.Regression) return;
        for (int r = 0; r < count; r++)
        {
            var p = _probabilities.AsSpan(r * ProbabilityCount, ProbabilityCount);
            if (Head == HeadKind.BinaryClassification)
            {
                float z = logits[r];
                float sigma = 1f / (1f + MathF.Exp(-z));
                p[0] = 1f - sigma;
                p[1] = sigma;
                _classIds[r] = z > 0f ? 1 : 0;
                continue;
            }
            var row = logits.Slice(r * _units, _units);
            float max = float.NegativeInfinity;
            int best = 0;
            for (int k = 0; k < row.Length; k++)
            {
                if (row[k] > max)
                {
                    max = row[k];
                    best = k;
                }
            }
            float sum = 0f;
            for (int k = 0; k < row.Length; k++) sum += p[k] = MathF.Exp(row[k] - max);
            for (int k = 0; k < row.Length; k++) p[k] /= sum;
            _classIds[r] = best;
        }
    }

    private int Check(int row) => (uint)row < (uint)Count ? row : throw new ArgumentOutOfRangeException(nameof(row), row, $"The batch has {Count} rows.");
}
