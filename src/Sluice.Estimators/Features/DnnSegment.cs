using Sluice.Estimators.FeatureColumns;

namespace Sluice.Estimators.Features;

/// <summary>
/// One slice of the DNN input row: either dense values copied from the featurised block (numeric, bucketized one-hot,
/// indicator) or an embedding lookup (<see cref="EmbeddingIndex"/> ≥ 0).
/// </summary>
/// <param name="InputOffset">where the slice starts in the DNN input row</param>
/// <param name="DenseOffset">where its values start in the featurised dense row (dense slices only)</param>
internal sealed record DnnSegment(FeatureColumn Column, int InputOffset, int Width, int DenseOffset, int EmbeddingIndex);
