namespace Sluice.Kernels;

/// <summary>Bounds checks for row ids, naming the position and the bad value.</summary>
internal static class SparseIds
{
    public static int Checked(ReadOnlySpan<int> ids, int position, int rows, string parameter)
    {
        int id = ids[position];
        if ((uint)id >= (uint)rows)
            throw new ArgumentOutOfRangeException(parameter, id, $"{parameter}[{position}] = {id} is outside [0, {rows}).");
        return id;
    }
}
