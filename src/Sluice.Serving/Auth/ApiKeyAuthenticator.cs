using System.Collections.Concurrent;

namespace Sluice.Serving.Auth;

/// <summary>The answer to "may this request go on": 0 for yes, else the HTTP status (401/403/429) and why.</summary>
internal readonly record struct AuthDecision(int Status, string? Error)
{
    public static AuthDecision Allowed => new(0, null);
    public bool IsAllowed => Status == 0;
}

/// <summary>
/// Checks presented keys against the key table. Records are cached and refreshed from the database at most every
/// <see cref="RefreshInterval"/> (so <c>sluice keys create|revoke</c> takes effect on a running server within it);
/// an unknown id is looked up directly.
/// </summary>
internal sealed class ApiKeyAuthenticator(ApiKeyStore store, TimeProvider time)
{
    public static readonly TimeSpan RefreshInterval = TimeSpan.FromSeconds(1);
    private readonly ConcurrentDictionary<string, RateLimiter> _limiters = new(StringComparer.Ordinal);
    private readonly Lock _refreshGate = new();
    private volatile Dictionary<string, ApiKeyRecord> _byId = new(StringComparer.Ordinal);
    private long _refreshedAt;
    private volatile bool _loaded;

    /// <summary>Decides for a key (null: none presented) calling <paramref name="model"/> (null: a management call).</summary>
    public AuthDecision Check(string? presentedKey, string? model, bool management)
    {
        if (string.IsNullOrEmpty(presentedKey))
            return new(401, "Missing API key: send 'Authorization: Bearer <key>', 'x-api-key: <key>' or '?key=<key>'.");
        if (!ApiKeyStore.TrySplit(presentedKey, out string id, out string secret)) return new(401, "Invalid API key.");
        RefreshIfStale();
        if (!_byId.TryGetValue(id, out var record))
        {
            // A key created since the last refresh: look it up by id (one indexed read) rather than reloading all.
            record = store.Find(id);
            if (record is null) return new(401, "Invalid API key.");
            _byId = new Dictionary<string, ApiKeyRecord>(_byId, StringComparer.Ordinal) { [id] = record };
        }
        if (!ApiKeyStore.Matches(record, secret)) return new(401, "Invalid API key.");
        if (record.RevokedUtc is not null) return new(401, $"API key '{record.Name}' was revoked.");
        if (management && !record.Admin) return new(403, $"API key '{record.Name}' may not manage models (create it with --admin).");
        if (model is not null && !record.AllowsModel(model)) return new(403, $"API key '{record.Name}' is not allowed to call model '{model}'.");
        if (record.RatePerMinute is { } rate
            && !_limiters.GetOrAdd(record.Id, _ => new RateLimiter(rate, time)).TryTake())
            return new(429, $"API key '{record.Name}' is over its rate of {rate} requests per minute.");
        return AuthDecision.Allowed;
    }

    /// <summary>Reloads the key table when older than the refresh interval (so revocations reach a running server).</summary>
    private void RefreshIfStale()
    {
        if (_loaded && time.GetElapsedTime(Interlocked.Read(ref _refreshedAt)) < RefreshInterval) return;
        lock (_refreshGate)
        {
            if (_loaded && time.GetElapsedTime(Interlocked.Read(ref _refreshedAt)) < RefreshInterval) return;
            var byId = new Dictionary<string, ApiKeyRecord>(StringComparer.Ordinal);
            foreach (var record in store.List()) byId[record.Id] = record;
            _byId = byId;
            Interlocked.Exchange(ref _refreshedAt, time.GetTimestamp());
            _loaded = true;
        }
    }
}
