using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Sluice.Serving.Http;

/// <summary>Prometheus text exposition at <c>/metrics</c>. No key needed (scrapers run inside the network).</summary>
internal static class MetricsEndpoints
{
    public static IEndpointRouteBuilder MapMetricsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics", Metrics).WithName("metrics").WithTags("Health");
        return app;
    }

    private static IResult Metrics(ServingRuntime runtime)
    {
        var versions = runtime.Repository.Models
            .SelectMany(m => m.Versions.Values.Select(v => (m.Name, v.Number, v.State.ToString())));
        return TypedResults.Text(runtime.Metrics.ToPrometheusText(versions), "text/plain; version=0.0.4");
    }
}
