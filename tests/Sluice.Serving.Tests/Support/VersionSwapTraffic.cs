using System.Collections.Concurrent;
using System.Text.Json;

namespace Sluice.Serving.Tests.Support;

/// <summary>
/// Continuous predict traffic during a version swap: a few clients post the same single-instance body until
/// stopped, and sort every answer into the old version's logit, the new one's, or a failure (a non-2xx, or a logit
/// that is neither version's).
/// </summary>
internal sealed class VersionSwapTraffic
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task[] _clients;
    private int _ok;
    private int _sawNew;

    private VersionSwapTraffic(HttpClient client, string path, string body, double oldLogit, double newLogit, double tolerance, int clients)
    {
        _clients = [.. Enumerable.Range(0, clients).Select(_ => Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                var response = await client.PostAsync(path, TestServer.RawJson(body));
                string text = await response.Content.ReadAsStringAsync();
                if (!response.IsSuccessStatusCode) { Failures.Add($"{(int)response.StatusCode} {text}"); continue; }
                double logit = JsonDocument.Parse(text).RootElement.GetProperty("predictions")[0].GetProperty("logits")[0].GetDouble();
                if (Math.Abs(logit - newLogit) < tolerance) Interlocked.Increment(ref _sawNew);
                else if (Math.Abs(logit - oldLogit) > tolerance) Failures.Add($"logit {logit} is neither version");
                Interlocked.Increment(ref _ok);
            }
        }))];
    }

    /// <summary>Successful answers so far (old or new version).</summary>
    public int Ok => Volatile.Read(ref _ok);

    /// <summary>Answers from the new version so far.</summary>
    public int SawNew => Volatile.Read(ref _sawNew);

    public ConcurrentBag<string> Failures { get; } = [];

    public static VersionSwapTraffic Start(HttpClient client, string path, string body, double oldLogit, double newLogit, double tolerance, int clients = 4)
        => new(client, path, body, oldLogit, newLogit, tolerance, clients);

    public async Task StopAsync()
    {
        _stop.Cancel();
        await Task.WhenAll(_clients);
        _stop.Dispose();
    }
}
