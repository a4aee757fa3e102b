using Microsoft.AspNetCore.Http;

namespace Sluice.Jobs.Http;

/// <summary>
/// Forwards every request that is not a job request to the model server running in the same process (its endpoint
/// mapping is internal to Sluice.Serving, so the engine hosts it on a loopback port and proxies), so one URL serves
/// both APIs. Status, headers and body are passed through unchanged.
/// </summary>
internal sealed class ServingProxy(Func<Uri> backend) : IDisposable
{
    private static readonly HashSet<string> HopByHop = new(StringComparer.OrdinalIgnoreCase) { "Connection", "Keep-Alive", "Transfer-Encoding", "Upgrade", "Host", "Content-Length" };
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };

    public async Task ForwardAsync(HttpContext context)
    {
        var target = new Uri(backend(), context.Request.Path + context.Request.QueryString);
        using var request = new HttpRequestMessage(new HttpMethod(context.Request.Method), target);
        if (context.Request.ContentLength > 0 || context.Request.Headers.TransferEncoding.Count > 0)
        {
            request.Content = new StreamContent(context.Request.Body);
            if (context.Request.ContentType is { } type) request.Content.Headers.TryAddWithoutValidation("Content-Type", type);
        }
        foreach (var (name, values) in context.Request.Headers)
            if (!HopByHop.Contains(name) && !name.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
                request.Headers.TryAddWithoutValidation(name, (IEnumerable<string?>)values);
        using var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = (int)response.StatusCode;
        foreach (var (name, values) in response.Headers.Concat(response.Content.Headers))
            if (!HopByHop.Contains(name)) context.Response.Headers[name] = values.ToArray();
        await response.Content.CopyToAsync(context.Response.Body, context.RequestAborted).ConfigureAwait(false);
    }

    public void Dispose() => _http.Dispose();
}
