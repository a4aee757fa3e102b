using System.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;

namespace Sluice.Serving.Http;

/// <summary>
/// The one middleware: turns <see cref="ServingException"/> and bad requests into <c>{"error": ...}</c> with their
/// status, counts every request in the metrics by endpoint name and status, and writes the request log line.
/// </summary>
internal sealed partial class RequestPipeline(RequestDelegate next, ServingRuntime runtime, ILogger<RequestPipeline> log)
{
    public async Task InvokeAsync(HttpContext context)
    {
        long start = Stopwatch.GetTimestamp();
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (ServingException e) when (!context.Response.HasStarted)
        {
            await JsonResponses.WriteErrorAsync(context, e.StatusCode, e.Message).ConfigureAwait(false);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted)
        {
            await JsonResponses.WriteErrorAsync(context, e.StatusCode, e.Message).ConfigureAwait(false);
        }
        catch (Sluice.Estimators.FeatureColumns.FeatureColumnException e) when (!context.Response.HasStarted)
        {
            // The model's feature columns refused a value the signature let through (e.g. outside a vocabulary rule).
            await JsonResponses.WriteErrorAsync(context, 400, e.Message).ConfigureAwait(false);
        }
        catch (Exception e) when (!context.Response.HasStarted && e is not OperationCanceledException)
        {
            LogFailure(e, context.Request.Method, context.Request.Path);
            await JsonResponses.WriteErrorAsync(context, 500, $"Internal error: {e.Message}").ConfigureAwait(false);
        }
        finally
        {
            double seconds = Stopwatch.GetElapsedTime(start).TotalSeconds;
            string endpoint = context.GetEndpoint()?.Metadata.GetMetadata<IEndpointNameMetadata>()?.EndpointName ?? "none";
            int status = context.Response.StatusCode;
            runtime.Metrics.ObserveRequest(endpoint, status, seconds);
            if (runtime.Options.LogRequests) LogRequest(context.Request.Method, context.Request.Path, status, seconds * 1000);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Method} {Path} {Status} {Milliseconds:F2} ms")]
    private partial void LogRequest(string method, PathString path, int status, double milliseconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Method} {Path} failed")]
    private partial void LogFailure(Exception e, string method, PathString path);
}
