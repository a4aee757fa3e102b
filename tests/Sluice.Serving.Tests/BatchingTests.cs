using System.Text.Json;
using Sluice.Serving.Batching;
using Sluice.Serving.Hosting;
using Sluice.Serving.Metrics;
using Sluice.Serving.Protocol;
using Sluice.Serving.Servables;
using Sluice.Serving.Servables.Linear;
using Sluice.Serving.Tests.Support;
using Sluice.TestKit;

namespace Sluice.Serving.Tests;

/// <summary>Dynamic batching: requests queued together run as one execution with the same answers; a full queue is 429.</summary>
public sealed class BatchingTests
{
    private static Sluice.Data.Columns.ColumnBatch Rows(ServingSignature signature, params Dictionary<string, object>[] instances)
        => RequestParser.ParsePredict(JsonSerializer.SerializeToUtf8Bytes(new { instances }), signature, 1024).Batch;

    [Fact]
    public async Task Queued_requests_are_coalesced_and_each_gets_its_own_rows()
    {
        using var models = new TempDirectory("sluice-models");
        var gated = new GatedServable(LinearServable.Load(CensusLinearBundle.Write(models.Path, 1)));
        await using var batcher = new DynamicBatcher(gated, new BatchingOptions { Workers = 1, MaxBatchSize = 64 }, 16, new ServingMetrics());

        // The first request takes the only slot on its own thread and waits at the gate.
        var first = Task.Run(() => { Assert.True(batcher.TryEnqueue(Rows(gated.Signature, CensusLinearBundle.Young), out var t)); return t; });
        await TestServer.EventuallyAsync(() => Task.FromResult(Volatile.Read(ref gated.Entered) == 1), "worker busy");
        var pending = new List<(Task<PredictionResult> Task, Dictionary<string, object>[] Instances)>();
        for (int i = 0; i < 10; i++)
        {
            var instances = i % 2 == 0 ? new[] { CensusLinearBundle.Young } : [CensusLinearBundle.Executive, CensusLinearBundle.Young];
            Assert.True(batcher.TryEnqueue(Rows(gated.Signature, instances), out var task));
            pending.Add((task, instances));
        }
        gated.Open = true;
        gated.Gate.Release(2);
        await Task.WhenAll(pending.Select(p => p.Task).Append(first));

        Assert.Equal([1, 15], gated.BatchSizes.ToArray()); // the ten queued requests (15 rows) ran as one batch
        foreach (var (task, instances) in pending)
        {
            var result = await task;
            Assert.Equal(instances.Length, result.Rows);
            for (int r = 0; r < instances.Length; r++)
                AssertClose.Scalar(CensusLinearBundle.ExpectedLogit(instances[r]), result.Logits[r], 1e-5, 1e-5);
        }
    }

    [Fact]
    public async Task Batches_never_exceed_the_max_batch_size()
    {
        using var models = new TempDirectory("sluice-models");
        var gated = new GatedServable(LinearServable.Load(CensusLinearBundle.Write(models.Path, 1)));
        await using var batcher = new DynamicBatcher(gated, new BatchingOptions { Workers = 1, MaxBatchSize = 4 }, 16, new ServingMetrics());
        var first = Task.Run(() => { Assert.True(batcher.TryEnqueue(Rows(gated.Signature, CensusLinearBundle.Young), out var t)); return t; });
        await TestServer.EventuallyAsync(() => Task.FromResult(Volatile.Read(ref gated.Entered) == 1), "worker busy");
        var tasks = Enumerable.Range(0, 6).Select(_ =>
        {
            Assert.True(batcher.TryEnqueue(Rows(gated.Signature, CensusLinearBundle.Young, CensusLinearBundle.Young, CensusLinearBundle.Young), out var t));
            return t;
        }).ToList();
        gated.Open = true;
        gated.Gate.Release(10);
        await Task.WhenAll(tasks.Append(first));
        Assert.Equal([1, 3, 3, 3, 3, 3, 3], gated.BatchSizes.ToArray()); // 3 + 3 > 4: one request per batch
    }

    [Fact]
    public async Task A_request_that_breaks_a_batch_fails_alone()
    {
        using var models = new TempDirectory("sluice-models");
        var gated = new GatedServable(LinearServable.Load(CensusLinearBundle.Write(models.Path, 1)))
        {
            FailWhen = batch => ((Sluice.Data.Columns.FloatColumn)batch["age"]).Values[..batch.RowCount].Contains(999f),
        };
        await using var batcher = new DynamicBatcher(gated, new BatchingOptions { Workers = 1, MaxBatchSize = 64 }, 16, new ServingMetrics());
        var first = Task.Run(() => { Assert.True(batcher.TryEnqueue(Rows(gated.Signature, CensusLinearBundle.Young), out var t)); return t; });
        await TestServer.EventuallyAsync(() => Task.FromResult(Volatile.Read(ref gated.Entered) == 1), "worker busy");
        var poisoned = CensusLinearBundle.Young;
        poisoned["age"] = 999;
        Assert.True(batcher.TryEnqueue(Rows(gated.Signature, CensusLinearBundle.Executive), out var good1));
        Assert.True(batcher.TryEnqueue(Rows(gated.Signature, poisoned), out var bad));
        Assert.True(batcher.TryEnqueue(Rows(gated.Signature, CensusLinearBundle.Young), out var good2));
        gated.Open = true;
        gated.Gate.Release(10);
        await first;
        AssertClose.Scalar(CensusLinearBundle.ExpectedLogit(CensusLinearBundle.Executive), (await good1).Logits[0], 1e-5, 1e-5);
        AssertClose.Scalar(CensusLinearBundle.ExpectedLogit(CensusLinearBundle.Young), (await good2).Logits[0], 1e-5, 1e-5);
        await Assert.ThrowsAsync<InvalidOperationException>(() => bad);
    }

    [Fact]
    public async Task Full_queue_is_429_and_the_server_recovers()
    {
        using var models = new TempDirectory("sluice-models");
        string basePath = models.Combine("m");
        CensusLinearBundle.Write(basePath, 1, withWarmup: false);
        GatedServable? gated = null;
        await using var server = await TestServer.StartAsync(o => o with
        {
            Models = [new ModelSource("m", basePath)],
            Batching = new BatchingOptions { Workers = 1, QueueCapacity = 2 },
            WarmupRequestsPerWorker = 1,
            Loader = dir => gated = new GatedServable(LinearServable.Load(dir)) { Open = true },
        });
        gated!.Open = false;
        int enteredAfterWarmup = Volatile.Read(ref gated.Entered);
        string body = JsonSerializer.Serialize(new { instances = new[] { CensusLinearBundle.Young } });
        var inFlight = new List<Task<HttpResponseMessage>> { server.Client.PostAsync("/v1/models/m:predict", TestServer.RawJson(body)) };
        await TestServer.EventuallyAsync(() => Task.FromResult(Volatile.Read(ref gated.Entered) > enteredAfterWarmup), "slot held");
        inFlight.Add(server.Client.PostAsync("/v1/models/m:predict", TestServer.RawJson(body)));
        inFlight.Add(server.Client.PostAsync("/v1/models/m:predict", TestServer.RawJson(body)));
        var batcher = server.Host.Repository.GetModel("m").Versions[1].Loaded!.Batcher;
        await TestServer.EventuallyAsync(() => Task.FromResult(batcher.QueuedCount == 2), "both requests queued");
        Assert.Contains("full request queue", await TestServer.AssertErrorAsync(await server.Client.PostAsync("/v1/models/m:predict", TestServer.RawJson(body)), 429));
        gated.Open = true;
        gated.Gate.Release(10);
        foreach (var response in await Task.WhenAll(inFlight)) Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(200, (int)(await server.Client.PostAsync("/v1/models/m:predict", TestServer.RawJson(body))).StatusCode);
        Assert.True(server.Host.Metrics.RequestsWithStatus(429) == 1);
    }

    [Fact]
    public async Task Shutdown_finishes_in_flight_requests()
    {
        using var models = new TempDirectory("sluice-models");
        string basePath = models.Combine("m");
        CensusLinearBundle.Write(basePath, 1);
        GatedServable? gated = null;
        var server = await TestServer.StartAsync(o => o with
        {
            Models = [new ModelSource("m", basePath)],
            Loader = dir => gated = new GatedServable(LinearServable.Load(dir)) { Open = true },
        });
        gated!.Open = false;
        int enteredBefore = Volatile.Read(ref gated.Entered);
        var request = server.Client.PostAsync("/v1/models/m:predict", TestServer.Json(new { instances = new[] { CensusLinearBundle.Young } }));
        await TestServer.EventuallyAsync(() => Task.FromResult(Volatile.Read(ref gated.Entered) > enteredBefore), "request in flight");
        var stopping = server.Host.StopAsync();
        await Task.Delay(200);
        Assert.False(stopping.IsCompleted); // waits for the in-flight request
        gated.Open = true;
        gated.Gate.Release(10);
        var response = await request;
        Assert.Equal(200, (int)response.StatusCode);
        await stopping;
        await server.DisposeAsync();
    }
}
