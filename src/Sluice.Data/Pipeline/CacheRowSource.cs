using Sluice.Data.Columns;

namespace Sluice.Data.Pipeline;

/// <summary>The rows of the first complete pass, kept in memory for later epochs.</summary>
internal sealed class RowCache
{
    public ColumnBatch? Rows { get; set; }
}

/// <summary>
/// First pass: forwards the upstream's chunks and copies them into the cache; when the pass completes, later
/// epochs read the cache instead of the upstream (a file is parsed once). An abandoned first pass caches nothing.
/// </summary>
internal sealed class CacheRowSource(IRowSource upstream, RowCache cache) : IRowSource
{
    private ColumnBatch? _building;

    public ColumnBatch? Next()
    {
        var rows = upstream.Next();
        if (rows is null)
        {
            cache.Rows = _building ?? cache.Rows;
            return null;
        }
        _building ??= rows.CreateEmptyLike(Math.Max(rows.RowCount, 1024));
        for (int r = 0; r < rows.RowCount; r++) _building.AppendRow(rows, r);
        return rows;
    }

    public void Dispose() => upstream.Dispose();
}
