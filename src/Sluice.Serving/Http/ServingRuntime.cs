using Sluice.Serving.Auth;
using Sluice.Serving.Hosting;
using Sluice.Serving.Metrics;
using Sluice.Serving.Repository;

namespace Sluice.Serving.Http;

/// <summary>The server's parts the endpoints use (one per server, registered as a singleton).</summary>
internal sealed class ServingRuntime(ServerOptions options, ModelRepository repository, ApiKeyAuthenticator keys, ServingMetrics metrics)
{
    public ServerOptions Options { get; } = options;
    public ModelRepository Repository { get; } = repository;
    public ApiKeyAuthenticator Keys { get; } = keys;
    public ServingMetrics Metrics { get; } = metrics;
}
