using Sluice.Data.Columns;
using Sluice.Data.Pipeline;
using Sluice.Data.Reading;
using Sluice.Data.Schema;
using Sluice.TestKit;

namespace Sluice.Data.Tests.Pipeline;

public sealed class PipelineTests
{
    /// <summary>Rows 0..n-1 with id, a float equal to id/2 and a string "row{id}", so every copy can be checked.</summary>
    private static ColumnBatch Rows(int n)
    {
        var ids = new Int64Column("id", n);
        var halves = new FloatColumn("half", n);
        var names = new StringColumn("name", n);
        for (int i = 0; i < n; i++)
        {
            ids.Values[i] = i;
            halves.Values[i] = i / 2f;
            names.Append($"row{i}");
            names.Missing[i] = i % 10 == 0;
        }
        return new ColumnBatch([ids, halves, names]) { RowCount = n };
    }

    /// <summary>The ids in the order the pipeline yields them, checking each row's other columns match its id.</summary>
    private static List<long> Ids(BatchPipeline<ColumnBatch> pipeline, List<int>? batchSizes = null)
    {
        var ids = new List<long>();
        foreach (var batch in pipeline)
        {
            batchSizes?.Add(batch.RowCount);
            var id = ((Int64Column)batch["id"]).Values;
            var half = ((FloatColumn)batch["half"]).Values;
            var name = (StringColumn)batch["name"];
            for (int r = 0; r < batch.RowCount; r++)
            {
                Assert.Equal(id[r] / 2f, half[r]);
                Assert.Equal(id[r] % 10 == 0, batch["name"].Missing[r]);
                if (!batch["name"].Missing[r]) Assert.Equal($"row{id[r]}", name.GetString(r));
                ids.Add(id[r]);
            }
        }
        return ids;
    }

    [Theory]
    [InlineData(false, new[] { 32, 32, 32, 4 })]
    [InlineData(true, new[] { 32, 32, 32 })]
    public void Batch_keeps_or_drops_the_remainder(bool dropRemainder, int[] sizes)
    {
        var seen = new List<int>();
        var ids = Ids(RowPipeline.FromBatch(Rows(100)).Batch(32, dropRemainder), seen);

        Assert.Equal(sizes, seen);
        Assert.Equal(Enumerable.Range(0, sizes.Sum()).Select(i => (long)i), ids);
    }

    [Fact]
    public void Shuffle_is_a_seeded_permutation_that_changes_each_epoch()
    {
        var first = Ids(RowPipeline.FromBatch(Rows(1000)).Shuffle(100, seed: 42).Batch(64));
        var again = Ids(RowPipeline.FromBatch(Rows(1000)).Shuffle(100, seed: 42).Batch(64));
        var other = Ids(RowPipeline.FromBatch(Rows(1000)).Shuffle(100, seed: 43).Batch(64));

        Assert.Equal(first, again);
        Assert.NotEqual(first, other);
        Assert.Equal(Enumerable.Range(0, 1000).Select(i => (long)i), first.Order());
        Assert.NotEqual(Enumerable.Range(0, 1000).Select(i => (long)i), first);

        var twoEpochs = Ids(RowPipeline.FromBatch(Rows(1000)).Shuffle(100, seed: 42).Repeat(2).Batch(64));
        Assert.NotEqual(twoEpochs.Take(1000), twoEpochs.Skip(1000));
    }

    [Fact]
    public void Shuffle_buffer_bounds_how_far_a_row_moves_earlier()
    {
        // With a buffer of 50, the row at output position p entered the buffer no later than input p + 50.
        var order = Ids(RowPipeline.FromBatch(Rows(2000)).Shuffle(50, seed: 7).Batch(100));
        for (int p = 0; p < order.Count; p++) Assert.True(order[p] <= p + 50, $"row {order[p]} emitted at {p}");

        // And a full-size buffer mixes globally: the first 100 outputs come from all over the input.
        var full = Ids(RowPipeline.FromBatch(Rows(2000)).Shuffle(2000, seed: 7).Batch(100));
        Assert.True(full.Take(100).Max() > 1500);
    }

    [Fact]
    public void Every_epoch_sees_every_row_exactly_once()
    {
        const int n = 997;
        var ids = Ids(RowPipeline.FromBatch(Rows(n)).Shuffle(128, seed: 1).Repeat(3).Batch(50));

        Assert.Equal(3 * n, ids.Count);
        for (int epoch = 0; epoch < 3; epoch++)
            Assert.Equal(Enumerable.Range(0, n).Select(i => (long)i), ids.Skip(epoch * n).Take(n).Order());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    [InlineData(8)]
    public void Shards_are_disjoint_and_together_complete(int count)
    {
        const int n = 1001;
        var all = new List<long>();
        for (int index = 0; index < count; index++)
        {
            var shard = Ids(RowPipeline.FromBatch(Rows(n)).Shard(count, index).Batch(16));
            Assert.All(shard, id => Assert.Equal(index, id % count));
            all.AddRange(shard);
        }
        Assert.Equal(Enumerable.Range(0, n).Select(i => (long)i), all.Order());
    }

    [Fact]
    public void Sharding_a_streamed_file_splits_across_chunk_boundaries()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("ids.csv");
        File.WriteAllLines(path, ["id,half,name", .. Enumerable.Range(0, 5000).Select(i => $"{i},{i / 2f},row{i}")]);
        var schema = new DataSchema
        {
            Columns = [new("id", ColumnKind.Int64), new("half", ColumnKind.Float32), new("name", ColumnKind.String)],
            Read = new ReadOptions { MissingTokens = ["row0", "row10"] },
        };
        var seen = new HashSet<long>();
        for (int index = 0; index < 3; index++)
        {
            foreach (var batch in RowPipeline.FromFile(path, schema, chunkRows: 333).Shard(3, index).Batch(100))
            {
                for (int r = 0; r < batch.RowCount; r++)
                {
                    long id = ((Int64Column)batch["id"]).Values[r];
                    Assert.Equal(index, id % 3);
                    Assert.True(seen.Add(id));
                }
            }
        }
        Assert.Equal(5000, seen.Count);
    }

    [Fact]
    public void Cache_reads_the_file_once()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("ids.csv");
        File.WriteAllLines(path, ["id,half,name", .. Enumerable.Range(0, 300).Select(i => $"{i},{i / 2f},row{i}")]);
        var schema = new DataSchema
        {
            Columns = [new("id", ColumnKind.Int64), new("half", ColumnKind.Float32), new("name", ColumnKind.String)],
            Read = new ReadOptions { MissingTokens = [.. Enumerable.Range(0, 30).Select(i => $"row{i * 10}")] },
        };
        var cached = RowPipeline.FromFile(path, schema, chunkRows: 64).Cache();

        Assert.Equal(300, Ids(cached.Batch(32)).Count);
        File.Delete(path);   // later passes must not touch the file
        var ids = Ids(cached.Shuffle(50, seed: 3).Repeat(2).Batch(32));
        Assert.Equal(600, ids.Count);
        Assert.Equal(Enumerable.Range(0, 300).Select(i => (long)i), ids.Take(300).Order());
    }

    [Fact]
    public void Parallel_map_preserves_order()
    {
        var pipeline = RowPipeline.FromBatch(Rows(2000)).Batch(10).Map(batch =>
        {
            Thread.SpinWait(Random.Shared.Next(1, 20_000));   // finish out of order on purpose
            return ((Int64Column)batch["id"]).Values[0];
        }, parallelism: 4);

        Assert.Equal(Enumerable.Range(0, 200).Select(i => i * 10L), pipeline.ToList());
    }

    [Fact]
    public void Prefetch_yields_the_same_stream_with_bounded_buffers()
    {
        var source = RowPipeline.FromBatch(Rows(5000)).Shuffle(500, seed: 9).Repeat(2);
        var plain = Ids(source.Batch(64));
        var prefetched = Ids(source.Batch(64).Prefetch(3));
        Assert.Equal(plain, prefetched);

        // Buffers are recycled: queue (3) + one being filled + one held by the consumer, whatever the stream length.
        var stage = (PrefetchStage<ColumnBatch>)source.Batch(64).Prefetch(3).OpenStage();
        var batchStage = (BatchStage)typeof(PrefetchStage<ColumnBatch>)
            .GetField("_upstream", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!.GetValue(stage)!;
        using (var enumerator = new StageEnumerator<ColumnBatch>(stage))
        {
            int batches = 0;
            while (enumerator.MoveNext()) batches++;
            Assert.Equal(157, batches);
        }
        Assert.InRange(batchStage.BatchesCreated, 1, 5);
    }

    [Fact]
    public void Prefetch_passes_reader_errors_to_the_consumer()
    {
        using var dir = new TempDirectory();
        string path = dir.Combine("bad.csv");
        File.WriteAllLines(path, ["id,half,name", "1,0.5,a", "2,oops,b"]);
        var schema = new DataSchema
        {
            Columns = [new("id", ColumnKind.Int64), new("half", ColumnKind.Float32), new("name", ColumnKind.String)],
        };
        var error = Assert.Throws<DataFormatException>(() => { _ = RowPipeline.FromFile(path, schema).Batch(1).Prefetch(2).ToList(); });
        Assert.Equal(3, error.Line);
    }

    [Fact]
    public void Census_streams_through_every_stage()
    {
        var pipeline = RowPipeline.FromFile(Census.TrainPath, Census.Schema(), chunkRows: 1000)
            .Shard(2, 1).Shuffle(4096, seed: 5).Repeat(2).Batch(512).Map(b => b.RowCount, parallelism: 2).Prefetch(4);
        Assert.Equal(2 * (32_561 / 2), pipeline.Sum());
    }
}
