namespace Sluice.Learning.Schedules;

/// <summary>
/// TF1 <c>piecewise_constant</c>: values[0] while step ≤ boundaries[0], values[i] while
/// boundaries[i−1] &lt; step ≤ boundaries[i], and values[^1] after the last boundary.
/// </summary>
public sealed class PiecewiseConstant : LearningRateSchedule
{
    private readonly long[] _boundaries;
    private readonly float[] _values;

    public PiecewiseConstant(IReadOnlyList<long> boundaries, IReadOnlyList<float> values)
    {
        ArgumentNullException.ThrowIfNull(boundaries);
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count != boundaries.Count + 1)
            throw new ArgumentException($"piecewise_constant needs one more value than boundaries: {boundaries.Count} boundaries, {values.Count} values.", nameof(values));
        for (int i = 1; i < boundaries.Count; i++)
        {
            if (boundaries[i] <= boundaries[i - 1])
                throw new ArgumentException($"Boundaries must increase strictly: boundaries[{i}] = {boundaries[i]} follows {boundaries[i - 1]}.", nameof(boundaries));
        }
        for (int i = 0; i < values.Count; i++)
        {
            if (!(values[i] > 0f) || float.IsInfinity(values[i]))
                throw new ArgumentOutOfRangeException(nameof(values), values[i], $"values[{i}] must be a positive finite learning rate.");
        }
        _boundaries = [.. boundaries];
        _values = [.. values];
    }

    public IReadOnlyList<long> Boundaries => _boundaries;
    public IReadOnlyList<float> Values => _values;

    public override float At(long globalStep)
    {
        for (int i = 0; i < _boundaries.Length; i++)
        {
            if (globalStep <= _boundaries[i]) return _values[i];
        }
        return _values[^1];
    }

    public override string ToString() => $"piecewise_constant([{string.Join(", ", _boundaries)}], [{string.Join(", ", _values)}])";
}
