namespace Sluice.Estimators.Heads;

/// <summary>Everything an evaluation pass keeps per example: logits rows, labels, weights and per-example losses.</summary>
internal sealed class EvaluationData(int count, int logitsDimension)
{
    public int Count { get; } = count;
    public int LogitsDimension { get; } = logitsDimension;
    public float[] Logits { get; } = new float[count * logitsDimension];
    public float[] Labels { get; } = new float[count];
    public float[] Weights { get; } = new float[count];
    public float[] Losses { get; } = new float[count];

    public ReadOnlySpan<float> LogitsOf(int i) => Logits.AsSpan(i * LogitsDimension, LogitsDimension);

    public double WeightSum()
    {
        double s = 0;
        foreach (float w in Weights) s += w;
        return s;
    }
}
