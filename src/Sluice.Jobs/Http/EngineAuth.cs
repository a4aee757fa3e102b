using Microsoft.AspNetCore.Http;
using Sluice.Serving.Auth;

namespace Sluice.Jobs.Http;

/// <summary>
/// Job endpoints take the model server's API keys (same SQLite table, so `sluice keys create --admin` works for
/// both) and require an admin key: jobs run programs on the engine host.
/// </summary>
internal sealed class EngineAuth(ApiKeyStore keys, bool required)
{
    public IResult? Check(HttpContext context)
    {
        if (!required) return null;
        string? presented = context.Request.Headers.Authorization.ToString() is { Length: > 7 } auth && auth.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase)
            ? auth[7..].Trim()
            : context.Request.Headers["x-api-key"].ToString() is { Length: > 0 } header ? header : context.Request.Query["key"].ToString();
        if (string.IsNullOrEmpty(presented)) return Error(401, "Missing API key: send 'Authorization: Bearer <key>' (an --admin key; see `sluice keys create`).");
        if (!ApiKeyStore.TrySplit(presented, out string id, out string secret) || keys.Find(id) is not { } record || !ApiKeyStore.Matches(record, secret))
            return Error(401, "Invalid API key.");
        if (record.RevokedUtc is not null) return Error(401, $"API key '{record.Name}' was revoked.");
        if (!record.Admin) return Error(403, $"API key '{record.Name}' may not manage jobs (create it with --admin).");
        return null;
    }

    public static IResult Error(int status, string message) => Results.Json(new { error = message }, statusCode: status);
}
