namespace Sluice.Board.Scalars;

/// <summary>
/// Chooses which points of a long series to draw. Series no longer than the budget are drawn whole. Longer ones are
/// cut into equal buckets and each bucket keeps its lowest and highest raw value (in step order), so spikes stay
/// visible however much is dropped; the first and last points are always kept.
/// </summary>
internal static class Downsampler
{
    /// <summary>Fills <paramref name="selected"/> with increasing indices into <paramref name="values"/>; returns how many.</summary>
    /// <param name="values">(n) raw values.</param>
    /// <param name="maxPoints">Budget ≥ 2.</param>
    /// <param name="selected">(≥ min(n, maxPoints)) receives the chosen indices.</param>
    public static int Select(ReadOnlySpan<float> values, int maxPoints, Span<int> selected)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPoints, 2);
        int n = values.Length;
        if (n <= maxPoints)
        {
            for (int i = 0; i < n; i++) selected[i] = i;
            return n;
        }

        int count = 0;
        selected[count++] = 0;
        int buckets = (maxPoints - 2) / 2;
        int interior = n - 2;
        for (int b = 0; b < buckets; b++)
        {
            int start = 1 + (int)((long)interior * b / buckets);
            int end = 1 + (int)((long)interior * (b + 1) / buckets);
            if (end <= start) continue;
            int low = start, high = start;
            for (int i = start + 1; i < end; i++)
            {
                // NaN compares false, so a NaN is kept only when a bucket holds nothing else.
                if (values[i] < values[low]) low = i;
                if (values[i] > values[high]) high = i;
            }
            int first = Math.Min(low, high), second = Math.Max(low, high);
            selected[count++] = first;
            if (second != first) selected[count++] = second;
        }
        selected[count++] = n - 1;
        return count;
    }
}
