namespace Sluice.Events;

/// <summary>One tagged value of a summary event: a scalar, a histogram, or another kind Sluice does not read.</summary>
/// <param name="Tag">The series name, e.g. "loss" or "dnn/hiddenlayer_0/fraction_of_zero_values".</param>
/// <param name="Scalar">The scalar (TF1 simple_value, or a TF2 rank-0 float/double tensor); null when not a scalar.</param>
/// <param name="Histogram">The histogram when the value is one; null otherwise.</param>
public sealed record SummaryValue(string Tag, float? Scalar, HistogramValue? Histogram);
