using Sluice.Data.Columns;
using Sluice.Data.Reading;
using Sluice.Data.Schema;

namespace Sluice.Data.Pipeline;

/// <summary>
/// A description of a stream of rows, composed from stages like tf.data: source → shard → cache → shuffle → repeat
/// → <see cref="Batch"/>. Nothing runs until the batched pipeline is enumerated; each enumeration starts afresh
/// (except <see cref="Cache"/>, which keeps what a completed pass read). Rows travel in columnar chunks.
/// </summary>
public sealed class RowPipeline
{
    private readonly Func<long, IRowSource> _open;   // epoch -> one pass over the rows

    private RowPipeline(Func<long, IRowSource> open) => _open = open;

    /// <summary>Streams a CSV or JSON Lines file, <paramref name="chunkRows"/> rows at a time.</summary>
    public static RowPipeline FromFile(string path, DataSchema schema, int chunkRows = 4096)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Data file not found: {path}", path);
        var frozen = schema.Clone();
        return new RowPipeline(_ => new FileRowSource(DataReader.Open(path, frozen), chunkRows));
    }

    /// <summary>The rows of an in-memory batch (e.g. from <see cref="DataReader.ReadAll(string, DataSchema)"/>).</summary>
    public static RowPipeline FromBatch(ColumnBatch rows) => new(_ => new BatchRowSource(rows));

    /// <summary>
    /// Keeps every <paramref name="count"/>-th row starting at <paramref name="index"/>: N workers with indices
    /// 0..N-1 see disjoint rows that together are all of them.
    /// </summary>
    public RowPipeline Shard(int count, int index)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        if (index < 0 || index >= count) throw new ArgumentOutOfRangeException(nameof(index), index, $"shard index must be in [0, {count}).");
        var open = _open;
        return new RowPipeline(epoch => new ShardRowSource(open(epoch), count, index));
    }

    /// <summary>
    /// Shuffles with a buffer of <paramref name="bufferRows"/> rows (memory bound); the order depends only on
    /// <paramref name="seed"/> and the epoch, so runs are reproducible and each epoch is ordered differently.
    /// </summary>
    public RowPipeline Shuffle(int bufferRows, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferRows, 1);
        var open = _open;
        return new RowPipeline(epoch => new ShuffleRowSource(open(epoch), bufferRows, SeededRandom.Derive(seed, epoch)));
    }

    /// <summary>Keeps the rows of the first complete pass in memory; later passes read them from there.</summary>
    public RowPipeline Cache()
    {
        var open = _open;
        var cache = new RowCache();
        return new RowPipeline(epoch => cache.Rows is { } rows ? new BatchRowSource(rows) : new CacheRowSource(open(epoch), cache));
    }

    /// <summary>Passes over the rows <paramref name="epochs"/> times (negative: forever).</summary>
    public RowPipeline Repeat(long epochs = -1)
    {
        var open = _open;
        return new RowPipeline(epoch => new RepeatRowSource(open, epoch * Math.Max(1, epochs), epochs));
    }

    /// <summary>Groups rows into batches of <paramref name="batchSize"/>, keeping or dropping a smaller last batch.</summary>
    public BatchPipeline<ColumnBatch> Batch(int batchSize, bool dropRemainder = false)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var open = _open;
        return new BatchPipeline<ColumnBatch>(() => new BatchStage(open(0), batchSize, dropRemainder));
    }
}
