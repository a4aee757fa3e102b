namespace Sluice.Serving.Auth;

/// <summary>A token bucket per key: <c>rate</c> requests per minute, bursting up to <c>rate</c>.</summary>
internal sealed class RateLimiter(int ratePerMinute, TimeProvider time)
{
    private readonly double _perTick = ratePerMinute / 60.0 / time.TimestampFrequency;
    private readonly Lock _gate = new();
    private double _tokens = ratePerMinute;
    private long _last = time.GetTimestamp();

    public bool TryTake()
    {
        lock (_gate)
        {
            long now = time.GetTimestamp();
            _tokens = Math.Min(ratePerMinute, _tokens + (now - _last) * _perTick);
            _last = now;
            if (_tokens < 1) return false;
            _tokens -= 1;
            return true;
        }
    }
}
