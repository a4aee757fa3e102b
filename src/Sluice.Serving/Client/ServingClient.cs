using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Sluice.Serving.Http;

namespace Sluice.Serving.Client;

/// <summary>
/// A small client for a running Sluice model server: management (models, versions, default, labels) and
/// TF Serving predict. Used by the CLI (<c>sluice models|versions|predict --model</c>) and the quickstart.
/// </summary>
public sealed class ServingClient : IDisposable
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
    private readonly HttpClient _http;
    private readonly string _project;

    /// <param name="baseUrl">e.g. http://127.0.0.1:8501</param>
    /// <param name="apiKey">sent as <c>Authorization: Bearer</c>; null for a server started with --no-auth</param>
    public ServingClient(Uri baseUrl, string? apiKey, string project = "local")
    {
        _http = new HttpClient { BaseAddress = baseUrl, Timeout = TimeSpan.FromSeconds(100) };
        if (!string.IsNullOrEmpty(apiKey)) _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
        _project = project;
    }

    private string Models => $"/v1/projects/{_project}/models";

    public Task<ModelDto> CreateModelAsync(string name, string? description, CancellationToken cancellation = default)
        => SendAsync<ModelDto>(HttpMethod.Post, Models, new CreateModelRequest(name, description), cancellation);

    public async Task<IReadOnlyList<ModelDto>> ListModelsAsync(CancellationToken cancellation = default)
        => (await SendAsync<ModelListDto>(HttpMethod.Get, Models, null, cancellation).ConfigureAwait(false)).Models;

    public Task<ModelDto> GetModelAsync(string model, CancellationToken cancellation = default)
        => SendAsync<ModelDto>(HttpMethod.Get, $"{Models}/{Uri.EscapeDataString(model)}", null, cancellation);

    public Task DeleteModelAsync(string model, CancellationToken cancellation = default)
        => SendAsync<EmptyDto>(HttpMethod.Delete, $"{Models}/{Uri.EscapeDataString(model)}", null, cancellation);

    public Task<VersionDto> CreateVersionAsync(string model, string exportDirectory, string? version, CancellationToken cancellation = default)
        => SendAsync<VersionDto>(HttpMethod.Post, $"{Models}/{Uri.EscapeDataString(model)}/versions",
            new CreateVersionRequest(Path.GetFullPath(exportDirectory), version), cancellation);

    public async Task<IReadOnlyList<VersionDto>> ListVersionsAsync(string model, CancellationToken cancellation = default)
        => (await SendAsync<VersionListDto>(HttpMethod.Get, $"{Models}/{Uri.EscapeDataString(model)}/versions", null, cancellation).ConfigureAwait(false)).Versions;

    public Task<VersionDto> GetVersionAsync(string model, string version, CancellationToken cancellation = default)
        => SendAsync<VersionDto>(HttpMethod.Get, $"{Models}/{Uri.EscapeDataString(model)}/versions/{Uri.EscapeDataString(version)}", null, cancellation);

    public Task DeleteVersionAsync(string model, string version, CancellationToken cancellation = default)
        => SendAsync<EmptyDto>(HttpMethod.Delete, $"{Models}/{Uri.EscapeDataString(model)}/versions/{Uri.EscapeDataString(version)}", null, cancellation);

    public Task<VersionDto> SetDefaultAsync(string model, string version, CancellationToken cancellation = default)
        => SendAsync<VersionDto>(HttpMethod.Post, $"{Models}/{Uri.EscapeDataString(model)}/versions/{Uri.EscapeDataString(version)}:setDefault", null, cancellation);

    /// <summary>Points <paramref name="label"/> at <paramref name="version"/>, or removes it when version is null.</summary>
    public Task<ModelDto> SetLabelAsync(string model, string label, string? version, CancellationToken cancellation = default)
        => version is null
            ? SendAsync<ModelDto>(HttpMethod.Delete, $"{Models}/{Uri.EscapeDataString(model)}/labels/{Uri.EscapeDataString(label)}", null, cancellation)
            : SendAsync<ModelDto>(HttpMethod.Put, $"{Models}/{Uri.EscapeDataString(model)}/labels/{Uri.EscapeDataString(label)}", new SetLabelRequest(version), cancellation);

    /// <summary>Waits until a version leaves CREATING; returns it (READY or FAILED).</summary>
    public async Task<VersionDto> WaitForVersionAsync(string model, string version, TimeSpan timeout, CancellationToken cancellation = default)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var found = await GetVersionAsync(model, version, cancellation).ConfigureAwait(false);
            if (found.State != "CREATING" || DateTime.UtcNow > deadline) return found;
            await Task.Delay(100, cancellation).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// <c>POST /v1/models/{model}[/versions/{v}|/labels/{l}]:predict</c> with <c>{"instances": ...}</c>; returns the
    /// response body (<c>{"predictions": [...]}</c>).
    /// </summary>
    public async Task<JsonDocument> PredictAsync(string model, IReadOnlyList<JsonElement> instances, string? version = null, string? label = null,
        CancellationToken cancellation = default)
    {
        string path = $"/v1/models/{Uri.EscapeDataString(model)}"
            + (version is not null ? $"/versions/{Uri.EscapeDataString(version)}" : label is not null ? $"/labels/{Uri.EscapeDataString(label)}" : "")
            + ":predict";
        using var content = new StringContent(JsonSerializer.Serialize(new { instances }), Encoding.UTF8, "application/json");
        using var response = await PostAsync(path, content, cancellation).ConfigureAwait(false);
        string text = await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode) throw Error(response, text);
        return JsonDocument.Parse(text);
    }

    private async Task<HttpResponseMessage> PostAsync(string path, HttpContent content, CancellationToken cancellation)
    {
        try { return await _http.PostAsync(path, content, cancellation).ConfigureAwait(false); }
        catch (HttpRequestException e) { throw Unreachable(e); }
    }

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellation)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null) request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        HttpResponseMessage response;
        try { response = await _http.SendAsync(request, cancellation).ConfigureAwait(false); }
        catch (HttpRequestException e) { throw Unreachable(e); }
        using (response)
        {
            string text = await response.Content.ReadAsStringAsync(cancellation).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode) throw Error(response, text);
            return JsonSerializer.Deserialize<T>(text, Json) ?? throw new ServingClientException((int)response.StatusCode, $"{method} {path}: empty response.");
        }
    }

    private ServingClientException Unreachable(HttpRequestException e)
        => new(0, $"Cannot reach the model server at {_http.BaseAddress} ({e.Message}). Is `sluice serve` running? Use --url.", e);

    private static ServingClientException Error(HttpResponseMessage response, string text)
    {
        string message = text;
        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("error", out var error))
                message = error.GetString() ?? text;
        }
        catch (JsonException) { /* not JSON: keep the raw text */ }
        return new ServingClientException((int)response.StatusCode, $"{(int)response.StatusCode} {response.ReasonPhrase}: {message}");
    }

    public void Dispose() => _http.Dispose();
}
