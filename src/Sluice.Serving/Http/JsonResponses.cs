using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Sluice.Serving.Http;

/// <summary>Writes JSON bodies straight to the response pipe with a <see cref="Utf8JsonWriter"/>.</summary>
internal static class JsonResponses
{
    /// <summary>
    /// Relaxed escaping: class names such as <c>"&lt;=50K"</c> go out as written, not as <c>"\u003C=50K"</c>. The bodies
    /// are <c>application/json</c>, never embedded in HTML, so the HTML-safe default buys nothing.
    /// </summary>
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    private static readonly JsonWriterOptions WriterOptions = new() { SkipValidation = true, Encoder = Encoder };

    public static async Task WriteAsync<TState>(HttpContext context, int status, TState state, Action<Utf8JsonWriter, TState> write)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        using (var json = new Utf8JsonWriter(context.Response.BodyWriter, WriterOptions))
        {
            write(json, state);
            json.Flush();
        }
        await context.Response.BodyWriter.FlushAsync(context.RequestAborted).ConfigureAwait(false);
    }

    /// <summary><c>{"error": "..."}</c> with <paramref name="status"/> (TF Serving's error shape).</summary>
    public static Task WriteErrorAsync(HttpContext context, int status, string message)
        => WriteAsync(context, status, message, static (json, text) =>
        {
            json.WriteStartObject();
            json.WriteString("error"u8, text);
            json.WriteEndObject();
        });
}
