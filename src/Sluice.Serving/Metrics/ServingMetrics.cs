using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;

namespace Sluice.Serving.Metrics;

/// <summary>
/// The server's counters, rendered as Prometheus text at <c>/metrics</c>: requests by endpoint and status code,
/// request latency, batch sizes, model load times and outcomes.
/// </summary>
public sealed class ServingMetrics
{
    private readonly ConcurrentDictionary<(string Endpoint, int Status), StrongBox<long>> _requests = new();
    private readonly Histogram _latency = new([0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10]);
    private readonly Histogram _batchSize = new([1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024]);
    private readonly Histogram _loadSeconds = new([0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30]);
    private long _loadsSucceeded, _loadsFailed, _unloads, _instances;

    public void ObserveRequest(string endpoint, int status, double seconds)
    {
        Interlocked.Increment(ref _requests.GetOrAdd((endpoint, status), static _ => new StrongBox<long>()).Value);
        _latency.Observe(seconds);
    }

    internal void ObserveInstances(int count) => Interlocked.Add(ref _instances, count);
    internal void ObserveBatch(int rows) => _batchSize.Observe(rows);

    internal void ObserveLoad(bool succeeded, double seconds)
    {
        Interlocked.Increment(ref succeeded ? ref _loadsSucceeded : ref _loadsFailed);
        if (succeeded) _loadSeconds.Observe(seconds);
    }

    internal void ObserveUnload() => Interlocked.Increment(ref _unloads);

    /// <summary>Requests answered with <paramref name="status"/> so far (all endpoints).</summary>
    public long RequestsWithStatus(int status)
    {
        long total = 0;
        foreach (var (key, box) in _requests) if (key.Status == status) total += Interlocked.Read(ref box.Value);
        return total;
    }

    public string ToPrometheusText(IEnumerable<(string Model, long Version, string State)> versions)
    {
        var text = new StringBuilder(4096);
        text.Append("# HELP sluice_requests_total HTTP requests by endpoint and status code.\n# TYPE sluice_requests_total counter\n");
        foreach (var (key, box) in _requests.OrderBy(p => p.Key.Endpoint).ThenBy(p => p.Key.Status))
            text.Append(CultureInfo.InvariantCulture, $"sluice_requests_total{{endpoint=\"{key.Endpoint}\",code=\"{key.Status}\"}} {Interlocked.Read(ref box.Value)}\n");
        text.Append("# HELP sluice_errors_total Error responses by status code.\n# TYPE sluice_errors_total counter\n");
        foreach (var group in _requests.Where(p => p.Key.Status >= 400).GroupBy(p => p.Key.Status).OrderBy(g => g.Key))
            text.Append(CultureInfo.InvariantCulture, $"sluice_errors_total{{code=\"{group.Key}\"}} {group.Sum(p => Interlocked.Read(ref p.Value.Value))}\n");
        text.Append("# HELP sluice_request_duration_seconds Request latency.\n# TYPE sluice_request_duration_seconds histogram\n");
        _latency.WriteTo(text, "sluice_request_duration_seconds", "");
        text.Append("# HELP sluice_batch_size Rows per batched model execution.\n# TYPE sluice_batch_size histogram\n");
        _batchSize.WriteTo(text, "sluice_batch_size", "");
        text.Append(CultureInfo.InvariantCulture, $"# HELP sluice_instances_total Instances predicted.\n# TYPE sluice_instances_total counter\nsluice_instances_total {Interlocked.Read(ref _instances)}\n");
        text.Append("# HELP sluice_model_load_seconds Time to verify, load and warm up a version.\n# TYPE sluice_model_load_seconds histogram\n");
        _loadSeconds.WriteTo(text, "sluice_model_load_seconds", "");
        text.Append(CultureInfo.InvariantCulture, $"# TYPE sluice_model_loads_total counter\nsluice_model_loads_total{{outcome=\"ready\"}} {Interlocked.Read(ref _loadsSucceeded)}\nsluice_model_loads_total{{outcome=\"failed\"}} {Interlocked.Read(ref _loadsFailed)}\n");
        text.Append(CultureInfo.InvariantCulture, $"# TYPE sluice_model_unloads_total counter\nsluice_model_unloads_total {Interlocked.Read(ref _unloads)}\n");
        text.Append("# HELP sluice_model_version_state 1 for the state each known version is in.\n# TYPE sluice_model_version_state gauge\n");
        foreach (var (model, version, state) in versions)
            text.Append(CultureInfo.InvariantCulture, $"sluice_model_version_state{{model=\"{model}\",version=\"{version}\",state=\"{state}\"}} 1\n");
        return text.ToString();
    }
}
