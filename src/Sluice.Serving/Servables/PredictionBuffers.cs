namespace Sluice.Serving.Servables;

/// <summary>
/// Reusable per-row outputs derived from logits the way TF's canned heads do: binary → logistic = σ(logit),
/// probabilities = [1 − σ, σ]; multi-class → softmax; regression → predictions = logits.
/// </summary>
internal sealed class PredictionBuffers : IPredictionRows
{
    private readonly ServingSignature _signature;
    private readonly int _k;
    private readonly int _probabilityWidth;
    private readonly float[] _logits;
    private readonly float[] _probabilities;
    private readonly float[] _logistic;
    private readonly int[] _classIds;
    private readonly string[] _labels;

    public PredictionBuffers(ServingSignature signature, int capacity)
    {
        _signature = signature;
        _k = signature.LogitCount;
        _probabilityWidth = signature.Head == ServingHead.BinaryClassification ? 2 : _k;
        _logits = new float[capacity * _k];
        _probabilities = new float[capacity * _probabilityWidth];
        _logistic = new float[capacity];
        _classIds = new int[capacity];
        int labelCount = signature.Head == ServingHead.Regression ? 0 : _probabilityWidth;
        _labels = new string[labelCount];
        for (int i = 0; i < labelCount; i++)
            _labels[i] = signature.ClassLabels is { } names && i < names.Count ? names[i] : i.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }

    public int Count { get; private set; }

    /// <summary>The logits to fill for <paramref name="rows"/> rows (row-major, LogitCount per row).</summary>
    public Span<float> BeginLogits(int rows) => _logits.AsSpan(0, rows * _k);

    /// <summary>Derives probabilities, logistic and class ids from the filled logits.</summary>
    public void Finish(int rows)
    {
        Count = rows;
        switch (_signature.Head)
        {
            case ServingHead.BinaryClassification:
                for (int r = 0; r < rows; r++)
                {
                    float p = 1f / (1f + MathF.Exp(-_logits[r]));
                    _logistic[r] = p;
                    _probabilities[2 * r] = 1f - p;
                    _probabilities[2 * r + 1] = p;
                    _classIds[r] = p > 0.5f ? 1 : 0;
                }
                break;
            case ServingHead.MultiClassClassification:
                for (int r = 0; r < rows; r++) Softmax(r);
                break;
        }
    }

    private void Softmax(int r)
    {
        var logits = _logits.AsSpan(r * _k, _k);
        var probabilities = _probabilities.AsSpan(r * _k, _k);
        float max = float.NegativeInfinity;
        int argmax = 0;
        for (int j = 0; j < _k; j++)
        {
            if (logits[j] > max) { max = logits[j]; argmax = j; }
        }
        float sum = 0f;
        for (int j = 0; j < _k; j++) sum += probabilities[j] = MathF.Exp(logits[j] - max);
        for (int j = 0; j < _k; j++) probabilities[j] /= sum;
        _classIds[r] = argmax;
    }

    public ReadOnlySpan<float> Logits(int row) => _logits.AsSpan(row * _k, _k);
    public ReadOnlySpan<float> Probabilities(int row) => _probabilities.AsSpan(row * _probabilityWidth, _probabilityWidth);
    public int ClassId(int row) => _classIds[row];
    public string ClassLabel(int row) => _labels[_classIds[row]];
    public float Logistic(int row) => _logistic[row];
    public ReadOnlySpan<float> Predictions(int row) => Logits(row);
}
