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

    // Written with Utf8JsonWriter, not TypedResults.Json: the first probe arrives during a cold start, and the
    // reflection serializer's first use costs more than the rest of the request.
    // Takes HttpResponse, not HttpContext: a (HttpContext) → Task handler is a bare RequestDelegate, which the
    // OpenAPI document leaves out.
    private static Task Alive(HttpResponse response) => WriteStatusAsync(response.HttpContext, 200, "alive");

    private static Task Ready(HttpContext context, ServingRuntime runtime) => runtime.Repository.AllDefaultsReady(out string reason)
        ? WriteStatusAsync(context, 200, "ready")
        : JsonResponses.WriteErrorAsync(context, 503, $"not ready: {reason}");

    private static Task WriteStatusAsync(HttpContext context, int status, string text)
        => JsonResponses.WriteAsync(context, status, text, static (json, value) =>
        {
            json.WriteStartObject();
            json.WriteString("status"u8, value);
            json.WriteEndObject();
        });
}
