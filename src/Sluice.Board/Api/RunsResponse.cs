namespace Sluice.Board.Api;

/// <summary>GET /api/runs: the logdir's state and its runs.</summary>
/// <param name="Logdir">Absolute logdir path.</param>
/// <param name="Loading">True until the first read of the logdir has finished.</param>
/// <param name="RunsLoaded">Runs read so far (for a progress line while loading).</param>
/// <param name="Error">Why the logdir cannot be read; null when it can.</param>
/// <param name="ReloadIntervalSeconds">How often the server picks up new data (clients poll at this pace).</param>
/// <param name="Runs">The runs, sorted by name.</param>
internal sealed record RunsResponse(
    string Logdir, bool Loading, int RunsLoaded, string? Error, double ReloadIntervalSeconds, IReadOnlyList<RunSummary> Runs);
