namespace Sluice.Learning.Layers;

/// <summary>How an <see cref="Embedding"/> combines the rows of one example's ids (TF's <c>combiner</c>).</summary>
public enum Combiner
{
    /// <summary>Σ wᵢ·rowᵢ.</summary>
    Sum,

    /// <summary>Σ wᵢ·rowᵢ / Σ wᵢ (TF's default for embedding columns).</summary>
    Mean,

    /// <summary>Σ wᵢ·rowᵢ / √(Σ wᵢ²).</summary>
    SqrtN,
}
