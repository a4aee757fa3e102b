using System.Runtime.InteropServices;
using System.Text;

namespace Sluice.Data.Profiling;

/// <summary>
/// One pass over a string column without a string per row: values are counted by a 64-bit hash of their bytes (a
/// string is made once per distinct value). Exact while there are at most <see cref="ExactLimit"/> distinct values;
/// beyond that new values are no longer tracked and the distinct count comes from HyperLogLog.
/// </summary>
internal sealed class StringAccumulator
{
    public const int ExactLimit = 100_000;

    private readonly Dictionary<ulong, (string Value, long Count)> _counts = [];
    private readonly HyperLogLog _distinct = new();
    private bool _overflow;
    private long _count;

    public long Missing { get; set; }

    public void Add(ReadOnlySpan<byte> utf8)
    {
        _count++;
        ulong hash = HyperLogLog.Hash(utf8);
        _distinct.Add(hash);
        if (_overflow)
        {
            ref var known = ref CollectionsMarshal.GetValueRefOrNullRef(_counts, hash);
            if (!System.Runtime.CompilerServices.Unsafe.IsNullRef(ref known)) known.Count++;
            return;
        }
        ref var entry = ref CollectionsMarshal.GetValueRefOrAddDefault(_counts, hash, out bool exists);
        if (!exists) entry.Value = Encoding.UTF8.GetString(utf8);
        entry.Count++;
        if (_counts.Count >= ExactLimit) _overflow = true;
    }

    public ColumnProfile ToProfile(string name, int top) => new()
    {
        Name = name,
        Type = "string",
        Count = _count,
        Missing = Missing,
        Distinct = _overflow ? _distinct.Estimate() : _counts.Count,
        DistinctExact = !_overflow,
        QuantilesExact = !_overflow,
        TopValues = _counts.Values.OrderByDescending(v => v.Count).ThenBy(v => v.Value, StringComparer.Ordinal).Take(top)
            .Select(v => new ValueCount(v.Value, v.Count)).ToList(),
    };
}
