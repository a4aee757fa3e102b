namespace Sluice.Learning.Initializers;

/// <summary>The distribution a variance-scaling initializer draws from.</summary>
public enum Distribution
{
    /// <summary>Normal truncated at 2σ, with σ corrected so the variance after truncation is the target.</summary>
    TruncatedNormal,

    /// <summary>Untruncated normal.</summary>
    Normal,

    /// <summary>Uniform on [−√(3·variance), √(3·variance)].</summary>
    Uniform,
}
