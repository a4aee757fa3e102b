using Sluice.Kernels;
using K = Sluice.Kernels;

namespace Sluice.Tensors.Execution;

/// <summary>
/// Row gather and its transpose, segment-sum. Ids &lt; 0 mean "missing" (TF prunes them): gather yields a zero row and
/// segment-sum skips the row. Ids past the end are an error naming the id and the table size.
/// </summary>
internal static class Indexing
{
    public static void Gather<T>(ReadOnlySpan<T> table, int rows, in Buf ids, Span<T> z)
    {
        int count = ids.Length;
        int width = rows == 0 ? 0 : table.Length / rows;
        for (int i = 0; i < count; i++)
        {
            long id = ids.Index(i);
            var dst = z.Slice(i * width, width);
            if (id < 0) { dst.Clear(); continue; }
            if (id >= rows) throw new IndexOutOfRangeException($"gather: id {id} at position {i} is outside the table of {rows} rows.");
            table.Slice((int)id * width, width).CopyTo(dst);
        }
    }

    public static void SegmentSum(ReadOnlySpan<float> data, in Buf ids, int segments, Span<float> z)
    {
        z.Clear();
        int count = ids.Length;
        if (count == 0) return;
        int width = data.Length / count;
        for (int i = 0; i < count; i++)
        {
            long id = ids.Index(i);
            if (id < 0) continue;
            if (id >= segments) throw new IndexOutOfRangeException($"segment_sum: id {id} at position {i} is outside {segments} segments.");
            var dst = z.Slice((int)id * width, width);
            K.Elementwise.Binary<BinaryOps.Add>(dst, data.Slice(i * width, width), dst);
        }
    }

    public static void OneHot(in Buf ids, int depth, Span<float> z)
    {
        z.Clear();
        for (int i = 0; i < ids.Length; i++)
        {
            long id = ids.Index(i);
            if (id >= 0 && id < depth) z[i * depth + (int)id] = 1f;
            else if (id >= depth) throw new IndexOutOfRangeException($"one_hot: id {id} at position {i} is outside depth {depth}.");
        }
    }
}
