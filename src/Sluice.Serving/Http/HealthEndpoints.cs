using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Sluice.Serving.Http;

/// <summary><c>/healthz</c> (the process is alive) and <c>/readyz</c> (every model's default version is loaded). No key needed.</summary>
internal static class HealthEndpoints
{
    public static IEndpointRouteBuilder MapHealthApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/healthz", Alive).WithName("healthz").WithTags("Health");
        app.MapGet("/readyz", Ready).WithName("readyz").WithTags("Health");
        return app;
    }

    private static IResult Alive() => TypedResults.Ok(new { status = "alive" });

    private static IResult Ready(ServingRuntime runtime) => runtime.Repository.AllDefaultsReady(out string reason)
        ? TypedResults.Ok(new { status = "ready" })
        : TypedResults.Json(new ErrorDto($"not ready: {reason}"), statusCode: 503);
}
