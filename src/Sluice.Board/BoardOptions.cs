namespace Sluice.Board;

/// <summary>How a dashboard serves a logdir.</summary>
/// <param name="Logdir">Directory searched recursively for runs (directories holding event files).</param>
/// <param name="Port">TCP port; 0 picks a free one (tests).</param>
/// <param name="Host">Address to bind; loopback by default so a laptop's board is not on the network.</param>
/// <param name="ReloadInterval">How often new runs and appended events are picked up (TensorBoard: 5 s).</param>
/// <param name="SamplesPerSeries">Most points per run drawn in one chart; more are downsampled on the server.</param>
public sealed record BoardOptions(
    string Logdir,
    int Port = 6006,
    string Host = "127.0.0.1",
    TimeSpan? ReloadInterval = null,
    int SamplesPerSeries = 1000)
{
    /// <summary>The reload interval in effect.</summary>
    public TimeSpan EffectiveReloadInterval => ReloadInterval ?? TimeSpan.FromSeconds(5);
}
