using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace Sluice.Serving.Http;

/// <summary>
/// Writes JSON bodies with a <see cref="Utf8JsonWriter"/> into a per-thread buffer, then sends them with a
/// <c>Content-Length</c> in one write. Streaming straight into the pipe made every response chunked: the body went
/// out on the explicit flush and the terminating chunk in a second segment when the request ended.
/// </summary>
internal static class JsonResponses
{
    [ThreadStatic] private static ArrayBufferWriter<byte>? t_buffer;
    [ThreadStatic] private static Utf8JsonWriter? t_writer;
    private const int RetainedBufferBytes = 1 << 20;

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
        // Everything up to the copy into the pipe runs synchronously on this thread, so the thread-static buffer and
        // writer are ours alone until they are reset for the next response.
        var buffer = t_buffer ??= new ArrayBufferWriter<byte>(4096);
        var json = t_writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        try
        {
            write(json, state);
            json.Flush();
            context.Response.ContentLength = buffer.WrittenCount;
            context.Response.BodyWriter.Write(buffer.WrittenSpan);
        }
        finally
        {
            buffer.ResetWrittenCount();
            json.Reset(buffer);
            // A rare huge response (a management listing, a big batch) must not pin its buffer to the thread forever.
            if (buffer.Capacity > RetainedBufferBytes) (t_buffer, t_writer) = (null, null);
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
