namespace Sluice.Estimators.FeatureColumns;

/// <summary>How an embedding column combines the vectors of several ids of one example.</summary>
public enum EmbeddingCombiner
{
    /// <summary>Σ wᵢ·eᵢ / Σ wᵢ (TF's default).</summary>
    Mean,

    /// <summary>Σ wᵢ·eᵢ / √(Σ wᵢ²).</summary>
    SqrtN,

    /// <summary>Σ wᵢ·eᵢ.</summary>
    Sum,
}
