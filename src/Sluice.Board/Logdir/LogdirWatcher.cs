using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Sluice.Board.Logdir;

/// <summary>Reloads the logdir at start and then every reload interval, while the board runs.</summary>
internal sealed class LogdirWatcher(LogdirIndex index, BoardOptions options, ILogger<LogdirWatcher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await Task.Yield(); // let the server start listening before the first (possibly long) read
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                index.Reload(stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex)
            {
                // A reload must never take the board down; the next one retries.
                logger.LogError(ex, "Reloading logdir {Logdir} failed", index.Logdir);
            }
            try
            {
                await Task.Delay(options.EffectiveReloadInterval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
