namespace Sluice.Board;

/// <summary>How a dashboard serves a logdir.</summary>
/// <param name="Logdir">Directory searched recursively for runs (directories holding event files).</param>
/// <param name="Port">TCP port; 0 picks a free one (tests).</param>
/// <param name="Host">Address to bind; loopback by default so a laptop's board is not on the network.</param>
/// <param name="ReloadInterval">How often new runs and appended events are picked up (TensorBoard: 5 s).</param>
/// <param name="SamplesPerSeries">Most points per run drawn in one chart; more are downsampled on the server.</param>
/// <param name="Profiles">Dataset profiles (<c>sluice data describe --format json</c> files) shown on the Data page,
/// besides any <c>*.profile.json</c> found in the logdir.</param>
/// <param name="EngineConsole">True when the board is hosted inside <c>sluice engine</c>: the Jobs and Models pages
/// are shown and call the engine's REST API on the same origin.</param>
public sealed record BoardOptions(
    string Logdir,
    int Port = 6006,
    string Host = "127.0.0.1",
    TimeSpan? ReloadInterval = null,
    int SamplesPerSeries = 1000,
    IReadOnlyList<string>? Profiles = null,
    bool EngineConsole = false)
{
    /// <summary>The reload interval in effect.</summary>
    public TimeSpan EffectiveReloadInterval => ReloadInterval ?? TimeSpan.FromSeconds(5);
}
