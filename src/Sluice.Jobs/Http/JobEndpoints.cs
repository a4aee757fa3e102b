using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Jobs.Deploy;
using Sluice.Jobs.Model;
using Sluice.Jobs.Running;
using Sluice.Jobs.Spec;
using Sluice.Jobs.Store;
using Sluice.Serving.Client;

namespace Sluice.Jobs.Http;

/// <summary>
/// The ML Engine job API: <c>POST/GET /v1/projects/{p}/jobs</c>, <c>GET .../jobs/{id}</c>, <c>POST .../jobs/{id}:cancel</c>,
/// <c>GET .../jobs/{id}/logs[?follow=true&amp;offset=N]</c> (text, streamed while the job runs) and
/// <c>POST .../jobs/{id}:deploy</c>. Errors are <c>{"error": "..."}</c> with 400/401/403/404/409.
/// </summary>
internal static class JobEndpoints
{
    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/projects/{project}/jobs");
        group.MapPost("", Create);
        group.MapGet("", List);
        group.MapGet("/{jobId}", Get);
        group.MapPost("/{jobId}:{verb}", Verb);
        group.MapGet("/{jobId}/logs", Logs);
        return app;
    }

    private static async Task<IResult> Create(HttpContext context, JobEngine engine, EngineAuth auth, EngineServing serving, JsonObject body)
    {
        if (auth.Check(context) is { } denied) return denied;
        JobSpec spec;
        try { spec = JobSpecReader.Read(body, Directory.GetCurrentDirectory()); }
        catch (JobSpecException e) { return EngineAuth.Error(400, e.Message); }
        if (spec.PredictionInput is { Uri: null } p)
        {
            // Resolve the model version now, with the caller's key, so the job runs on exactly that export.
            using var client = new ServingClient(serving.Address, BearerKey(context));
            try
            {
                string uri = await ModelResolver.ResolveAsync(client, p.ModelName, p.VersionName, context.RequestAborted).ConfigureAwait(false);
                spec = spec with { Labels = new Dictionary<string, string>(spec.Labels ?? new Dictionary<string, string>()) { [JobEngine.ResolvedUriLabel] = uri } };
            }
            catch (ServingClientException e) { return EngineAuth.Error(e.StatusCode is >= 400 and < 600 ? e.StatusCode : 502, $"predictionInput: {e.Message}"); }
            catch (FormatException e) { return EngineAuth.Error(400, e.Message); }
        }
        return Guard(() => Results.Json(JobJson.ToJson(engine.Submit(spec))));
    }

    private static string? BearerKey(HttpContext context) => context.Request.Headers.Authorization.ToString() is { Length: > 7 } a ? a[7..].Trim() : null;

    private static IResult List(HttpContext context, JobEngine engine, EngineAuth auth, string? filter, int? pageSize, string? pageToken, bool? all)
    {
        if (auth.Check(context) is { } denied) return denied;
        return Guard(() =>
        {
            var parsed = JobFilter.Parse(filter);
            // Trials are listed under their tuning job unless asked for (parentJobId filter or all=true).
            if (parsed.ParentJobId is null && all != true) parsed = parsed with { TopLevelOnly = true };
            var page = engine.Store.List(parsed, Math.Clamp(pageSize ?? 20, 1, 100), pageToken);
            var json = new JsonObject { ["jobs"] = new JsonArray([.. page.Jobs.Select(j => (JsonNode)JobJson.ToJson(j))]) };
            if (page.NextPageToken is not null) json["nextPageToken"] = page.NextPageToken;
            return Results.Json(json);
        });
    }

    private static IResult Get(HttpContext context, JobEngine engine, EngineAuth auth, string jobId)
    {
        if (auth.Check(context) is { } denied) return denied;
        return Guard(() => Results.Json(JobJson.ToJson(engine.Get(jobId))));
    }

    private static async Task<IResult> Verb(HttpContext context, JobEngine engine, EngineAuth auth, EngineServing serving, string jobId, string verb)
    {
        if (auth.Check(context) is { } denied) return denied;
        switch (verb)
        {
            case "cancel":
                return Guard(() => Results.Json(JobJson.ToJson(engine.Cancel(jobId))));
            case "deploy":
                DeployRequest? request;
                try { request = await context.Request.ReadFromJsonAsync<DeployRequest>(Json, context.RequestAborted).ConfigureAwait(false); }
                catch (JsonException e) { return EngineAuth.Error(400, $"invalid deploy request: {e.Message}"); }
                if (request?.Model is not { Length: > 0 }) return EngineAuth.Error(400, "model: give the model to deploy to.");
                using (var client = new ServingClient(serving.Address, BearerKey(context)))
                {
                    try { return Results.Json(await ModelDeployer.DeployAsync(engine, engine.Get(jobId), request, client, context.RequestAborted).ConfigureAwait(false)); }
                    catch (ServingClientException e) { return EngineAuth.Error(e.StatusCode is >= 400 and < 600 ? e.StatusCode : 502, e.Message); }
                    catch (Exception e) when (e is JobNotFoundException or JobConflictException or ArgumentException or IOException or KeyNotFoundException or FormatException)
                    {
                        return ErrorFor(e);
                    }
                }
            default:
                return EngineAuth.Error(404, $"unknown job method ':{verb}' (cancel, deploy).");
        }
    }

    private static async Task Logs(HttpContext context, JobEngine engine, EngineAuth auth, string jobId, bool? follow, long? offset)
    {
        if (auth.Check(context) is { } denied) { await denied.ExecuteAsync(context).ConfigureAwait(false); return; }
        try { engine.Get(jobId); }
        catch (JobNotFoundException e) { await EngineAuth.Error(404, e.Message).ExecuteAsync(context).ConfigureAwait(false); return; }
        context.Response.ContentType = "text/plain; charset=utf-8";
        string path = engine.LogPath(jobId);
        long position = offset ?? 0;
        var buffer = new byte[64 * 1024];
        while (!context.RequestAborted.IsCancellationRequested)
        {
            bool final = engine.Store.Get(jobId)?.State.IsFinal() ?? true; // read before the file, so nothing written before the end is missed
            if (File.Exists(path))
            {
                await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
                stream.Position = Math.Min(position, stream.Length);
                int read;
                while ((read = await stream.ReadAsync(buffer, context.RequestAborted).ConfigureAwait(false)) > 0)
                {
                    // Only whole lines go out, so a follower never sees half a line.
                    int end = Array.LastIndexOf(buffer, (byte)'\n', read - 1) + 1;
                    if (end == 0) { if (final) end = read; else break; }
                    await context.Response.Body.WriteAsync(buffer.AsMemory(0, end), context.RequestAborted).ConfigureAwait(false);
                    position += end;
                    stream.Position = position;
                }
                await context.Response.Body.FlushAsync(context.RequestAborted).ConfigureAwait(false);
            }
            if (follow != true || final) break;
            try { await Task.Delay(200, context.RequestAborted).ConfigureAwait(false); }
            catch (OperationCanceledException) { break; }
        }
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    private static IResult Guard(Func<IResult> action)
    {
        try { return action(); }
        catch (Exception e) when (e is JobSpecException or JobNotFoundException or JobConflictException or FormatException or ArgumentException or FileNotFoundException)
        {
            return ErrorFor(e);
        }
    }

    private static IResult ErrorFor(Exception e) => e switch
    {
        JobNotFoundException => EngineAuth.Error(404, e.Message),
        JobConflictException => EngineAuth.Error(409, e.Message),
        _ => EngineAuth.Error(400, e.Message),
    };

}

/// <summary>Where the in-process model server listens (for deploys and the proxy).</summary>
internal sealed class EngineServing(Func<Uri> address)
{
    public Uri Address => address();
}
