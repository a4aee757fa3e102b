using System.Text;

namespace Sluice.Estimators.FeatureColumns;

/// <summary>
/// An open-addressing table from UTF-8 byte strings to their position in a vocabulary, so lookups never create a
/// string per row.
/// </summary>
internal sealed class Utf8Vocabulary
{
    private readonly byte[] _bytes;
    private readonly int[] _starts;
    private readonly int[] _slots;

    public Utf8Vocabulary(IReadOnlyList<string> entries, string columnName)
    {
        _starts = new int[entries.Count + 1];
        var buffer = new List<byte>();
        for (int i = 0; i < entries.Count; i++)
        {
            buffer.AddRange(Encoding.UTF8.GetBytes(entries[i]));
            _starts[i + 1] = buffer.Count;
        }
        _bytes = [.. buffer];
        int size = 4;
        while (size < entries.Count * 2) size *= 2;
        _slots = new int[size];
        Array.Fill(_slots, -1);
        for (int i = 0; i < entries.Count; i++)
        {
            if (IndexOf(Entry(i)) >= 0)
                throw new FeatureColumnException(columnName, $"vocabulary entry '{entries[i]}' appears more than once.");
            int slot = (int)(StableHash.Fnv1a64(Entry(i)) & (ulong)(size - 1));
            while (_slots[slot] >= 0) slot = (slot + 1) & (size - 1);
            _slots[slot] = i;
        }
    }

    public int Count => _starts.Length - 1;

    /// <summary>The position of <paramref name="key"/>, or -1.</summary>
    public int IndexOf(ReadOnlySpan<byte> key)
    {
        int mask = _slots.Length - 1;
        int slot = (int)(StableHash.Fnv1a64(key) & (ulong)mask);
        while (true)
        {
            int index = _slots[slot];
            if (index < 0) return -1;
            if (Entry(index).SequenceEqual(key)) return index;
            slot = (slot + 1) & mask;
        }
    }

    private ReadOnlySpan<byte> Entry(int i) => _bytes.AsSpan(_starts[i], _starts[i + 1] - _starts[i]);
}
