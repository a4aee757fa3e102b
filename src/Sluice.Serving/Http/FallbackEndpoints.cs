using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace Sluice.Serving.Http;

/// <summary>Anything else under <c>/v1/</c> is TF Serving's 400 "Malformed request: METHOD path".</summary>
internal static class FallbackEndpoints
{
    public static IEndpointRouteBuilder MapMalformedRequestFallback(this IEndpointRouteBuilder app)
    {
        app.Map("/v1/{**rest}", Malformed).WithName("malformed").ExcludeFromDescription();
        return app;
    }

    private static Task Malformed(HttpContext context)
        => JsonResponses.WriteErrorAsync(context, 400, $"Malformed request: {context.Request.Method} {context.Request.Path}{context.Request.QueryString}");
}
