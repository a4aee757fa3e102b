using System.Text.Json;
using Sluice.Data.Columns;
using Sluice.Serving.Hosting;
using Sluice.Serving.Protocol;
using Sluice.Serving.Servables;

namespace Sluice.Serving.Repository;

/// <summary>
/// Runs a few requests through a freshly loaded version before it receives traffic (so the first real request does
/// not pay for lazy initialisation and JIT): the bundle's warm-up instances, or instances synthesised from the
/// signature. They take the real path: JSON parsing, validation, the batcher and every worker's predictor.
/// </summary>
internal static class Warmup
{
    public static async Task RunAsync(LoadedVersion version, ServerOptions options)
    {
        byte[] body = JsonSerializer.SerializeToUtf8Bytes(new { instances = Instances(version.Servable) });
        var parsed = RequestParser.ParsePredict(body, version.Signature, int.MaxValue);
        for (int i = 0; i < Math.Max(1, options.WarmupRequestsPerWorker); i++) version.Batcher.WarmUp(parsed.Batch);
        // And once through the queue path, as a request would go.
        if (version.Batcher.TryEnqueue(parsed.Batch, out var result)) await result.ConfigureAwait(false);
    }

    private static IReadOnlyList<IReadOnlyDictionary<string, object?>> Instances(IServable servable)
    {
        if (servable.WarmupInstances.Count > 0) return [.. servable.WarmupInstances.Take(16)];
        var synthetic = new Dictionary<string, object?>(StringComparer.Ordinal);
        foreach (var input in servable.Signature.Inputs)
        {
            synthetic[input.Name] = input.Kind switch
            {
                ColumnKind.String => input.DefaultValue ?? "",
                _ => 0,
            };
        }
        return [synthetic];
    }
}
