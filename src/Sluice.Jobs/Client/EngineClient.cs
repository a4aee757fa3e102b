using System.Net.Http.Headers;
using System.Runtime.CompilerServices;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Jobs.Deploy;

namespace Sluice.Jobs.Client;

/// <summary>A typed client for the engine's job API (what <c>sluice jobs ...</c> uses). Errors are <see cref="EngineClientException"/>.</summary>
public sealed class EngineClient : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http;
    private readonly string _project;

    /// <param name="apiKey">an --admin key, sent as <c>Authorization: Bearer</c>; null for an engine started with --no-auth</param>
    public EngineClient(Uri baseUrl, string? apiKey, string project = "local")
    {
        _http = new HttpClient { BaseAddress = baseUrl, Timeout = Timeout.InfiniteTimeSpan };
        if (!string.IsNullOrEmpty(apiKey)) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        _project = project;
    }

    private string Jobs => $"/v1/projects/{Uri.EscapeDataString(_project)}/jobs";

    public Task<JsonObject> SubmitAsync(JsonObject job, CancellationToken cancellation = default) => SendAsync(HttpMethod.Post, Jobs, job, cancellation);

    public Task<JsonObject> GetAsync(string jobId, CancellationToken cancellation = default) => SendAsync(HttpMethod.Get, $"{Jobs}/{Uri.EscapeDataString(jobId)}", null, cancellation);

    public Task<JsonObject> CancelAsync(string jobId, CancellationToken cancellation = default) => SendAsync(HttpMethod.Post, $"{Jobs}/{Uri.EscapeDataString(jobId)}:cancel", new JsonObject(), cancellation);

    public Task<JsonObject> DeployAsync(string jobId, DeployRequest request, CancellationToken cancellation = default)
        => SendAsync(HttpMethod.Post, $"{Jobs}/{Uri.EscapeDataString(jobId)}:deploy", JsonSerializer.SerializeToNode(request, Json), cancellation);

    /// <summary>One page of jobs (<c>jobs</c>, <c>nextPageToken</c>).</summary>
    public Task<JsonObject> ListAsync(string? filter = null, int pageSize = 20, string? pageToken = null, bool all = false, CancellationToken cancellation = default)
    {
        var query = new StringBuilder($"?pageSize={pageSize}");
        if (filter is not null) query.Append("&filter=").Append(Uri.EscapeDataString(filter));
        if (pageToken is not null) query.Append("&pageToken=").Append(Uri.EscapeDataString(pageToken));
        if (all) query.Append("&all=true");
        return SendAsync(HttpMethod.Get, Jobs + query, null, cancellation);
    }

    /// <summary>Every job matching <paramref name="filter"/>, following page tokens.</summary>
    public async Task<IReadOnlyList<JsonObject>> ListAllAsync(string? filter = null, bool all = false, CancellationToken cancellation = default)
    {
        var jobs = new List<JsonObject>();
        string? token = null;
        do
        {
            var page = await ListAsync(filter, 100, token, all, cancellation).ConfigureAwait(false);
            jobs.AddRange(page["jobs"]!.AsArray().OfType<JsonObject>());
            token = page["nextPageToken"]?.GetValue<string>();
        } while (token is not null);
        return jobs;
    }

    /// <summary>The job's log lines; with <paramref name="follow"/>, until the job ends.</summary>
    public async IAsyncEnumerable<string> StreamLogsAsync(string jobId, bool follow, [EnumeratorCancellation] CancellationToken cancellation = default)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"{Jobs}/{Uri.EscapeDataString(jobId)}/logs?follow={(follow ? "true" : "false")}");
        HttpResponseMessage response;
        try { response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellation).ConfigureAwait(false); }
        catch (HttpRequestException e) { throw Unreachable(e); }
        using (response)
        {
            if (!response.IsSuccessStatusCode) throw Error(response, await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false));
            using var reader = new StreamReader(await response.Content.ReadAsStreamAsync(cancellation).ConfigureAwait(false));
            while (await reader.ReadLineAsync(cancellation).ConfigureAwait(false) is { } line) yield return line;
        }
    }

    private async Task<JsonObject> SendAsync(HttpMethod method, string path, JsonNode? body, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json");
        HttpResponseMessage response;
        try { response = await _http.SendAsync(request, cancellation).ConfigureAwait(false); }
        catch (HttpRequestException e) { throw Unreachable(e); }
        using (response)
        {
            string text = await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) throw Error(response, text);
            return JsonNode.Parse(text) as JsonObject ?? throw new EngineClientException((int)response.StatusCode, $"{method} {path}: expected a JSON object.");
        }
    }

    private EngineClientException Unreachable(HttpRequestException e)
        => new(0, $"Cannot reach the engine at {_http.BaseAddress} ({e.Message}). Is `sluice engine` running? Use --url, $SLUICE_ENGINE_URL or engineUrl in the CLI config file ($SLUICE_CONFIG or ~/.sluice/config.json).", e);

    private static EngineClientException Error(HttpResponseMessage response, string text)
    {
        string message = text;
        try
        {
            if (JsonNode.Parse(text) is JsonObject o && o["error"] is JsonValue error) message = error.ToString();
        }
        catch (JsonException) { }
        return new EngineClientException((int)response.StatusCode, $"{(int)response.StatusCode} {response.ReasonPhrase}: {message}");
    }

    public void Dispose() => _http.Dispose();
}
