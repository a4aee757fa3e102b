using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;

namespace Sluice.Serving.Http;

/// <summary>Finds the presented key (Bearer, x-api-key or ?key=) and asks the authenticator; throws 401/403/429.</summary>
internal static class ApiKeyGate
{
    public static void Check(HttpContext context, ServingRuntime runtime, string? model, bool management = false)
    {
        if (!runtime.Options.RequireApiKeys) return;
        var decision = runtime.Keys.Check(PresentedKey(context.Request), model, management);
        if (!decision.IsAllowed) throw new ServingException(decision.Status, decision.Error!);
    }

    private static string? PresentedKey(HttpRequest request)
    {
        StringValues authorization = request.Headers.Authorization;
        if (authorization.Count > 0)
        {
            string value = authorization[0]!;
            if (value.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)) return value[7..].Trim();
        }
        StringValues header = request.Headers["x-api-key"];
        if (header.Count > 0) return header[0];
        return request.Query.TryGetValue("key", out var query) ? query[0] : null;
    }
}
