using Sluice.Serving.Servables;

namespace Sluice.Serving.Batching;

/// <summary>One request's outputs, copied out of the worker's reusable buffers.</summary>
internal sealed class PredictionResult
{
    public PredictionResult(ServingSignature signature, int rows)
    {
        Signature = signature;
        Rows = rows;
        LogitCount = signature.LogitCount;
        ProbabilityWidth = signature.Head == ServingHead.BinaryClassification ? 2 : LogitCount;
        Logits = new float[rows * LogitCount];
        if (signature.Head != ServingHead.Regression)
        {
            Probabilities = new float[rows * ProbabilityWidth];
            ClassIds = new int[rows];
            Classes = new string[rows];
        }
        if (signature.Head == ServingHead.BinaryClassification) Logistic = new float[rows];
    }

    public ServingSignature Signature { get; }
    public int Rows { get; }
    public int LogitCount { get; }
    public int ProbabilityWidth { get; }
    public float[] Logits { get; }
    public float[]? Probabilities { get; }
    public float[]? Logistic { get; }
    public int[]? ClassIds { get; }
    public string[]? Classes { get; }

    /// <summary>Copies rows <paramref name="first"/>..first+Rows of <paramref name="source"/>.</summary>
    public void CopyFrom(IPredictionRows source, int first)
    {
        for (int r = 0; r < Rows; r++)
        {
            int s = first + r;
            source.Logits(s).CopyTo(Logits.AsSpan(r * LogitCount, LogitCount));
            if (Probabilities is null) continue;
            source.Probabilities(s).CopyTo(Probabilities.AsSpan(r * ProbabilityWidth, ProbabilityWidth));
            ClassIds![r] = source.ClassId(s);
            Classes![r] = source.ClassLabel(s);
            if (Logistic is not null) Logistic[r] = source.Logistic(s);
        }
    }
}
