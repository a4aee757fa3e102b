using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Sluice.Serving.Repository;

namespace Sluice.Serving.Hosting;

/// <summary>Scans the base paths every <see cref="ServerOptions.PollInterval"/> for new or removed version folders.</summary>
internal sealed partial class BasePathPoller(ModelRepository repository, ServerOptions options, ILogger<BasePathPoller> log) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(options.PollInterval);
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            try { repository.Poll(); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException) { LogPollFailed(e.Message); }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Scanning base paths failed: {Reason}")]
    private partial void LogPollFailed(string reason);
}
