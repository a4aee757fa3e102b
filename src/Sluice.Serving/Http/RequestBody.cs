using System.Buffers;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;

namespace Sluice.Serving.Http;

/// <summary>A request body read into a pooled buffer, refused with 413 past the size limit.</summary>
internal sealed class RequestBody : IDisposable
{
    private byte[] _buffer;

    private RequestBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }
    public ReadOnlySpan<byte> Span => _buffer.AsSpan(0, Length);

    /// <summary>
    /// How far past the limit an oversized body is still read and discarded before the 413 goes out. A server that
    /// answers and closes while the client is still sending makes the client's TCP stack see a reset instead of the
    /// answer; draining a moderate excess lets the client read a clean 413. Anything larger is cut off.
    /// </summary>
    private const int DrainFactor = 4;

    public static async Task<RequestBody> ReadAsync(HttpContext context, long maxBytes)
    {
        long drainLimit = maxBytes * DrainFactor;
        // Kestrel's own limit would fail the read at maxBytes and close the connection mid-upload; this reader
        // enforces maxBytes itself and Kestrel only guards the drain.
        var sizeFeature = context.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (sizeFeature is { IsReadOnly: false }) sizeFeature.MaxRequestBodySize = drainLimit;
        long? declared = context.Request.ContentLength;
        if (declared > maxBytes)
        {
            if (declared <= drainLimit) await DrainAsync(context).ConfigureAwait(false);
            throw TooLarge(maxBytes);
        }
        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(declared ?? 4096, maxBytes) + 1);
        int length = 0;
        try
        {
            var stream = context.Request.Body;
            while (true)
            {
                if (length == buffer.Length)
                {
                    byte[] larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, maxBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                int read = await stream.ReadAsync(buffer.AsMemory(length), context.RequestAborted).ConfigureAwait(false);
                if (read == 0) break;
                length += read;
                if (length > maxBytes)
                {
                    await DrainAsync(context).ConfigureAwait(false);
                    throw TooLarge(maxBytes);
                }
            }
            return new RequestBody(buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
        }
    }

    /// <summary>Reads and discards the rest of the body; past the drain limit Kestrel fails the read and closes.</summary>
    private static async Task DrainAsync(HttpContext context)
    {
        byte[] scratch = ArrayPool<byte>.Shared.Rent(16 * 1024);
        try
        {
            while (await context.Request.Body.ReadAsync(scratch, context.RequestAborted).ConfigureAwait(false) > 0) { }
        }
        catch (BadHttpRequestException)
        {
            // Larger than the drain limit: the 413 still goes out, the connection closes after it.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private static ServingException TooLarge(long maxBytes)
        => ServingException.TooLarge($"The request body is larger than {maxBytes} bytes.");

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, []);
        if (buffer.Length > 0) ArrayPool<byte>.Shared.Return(buffer);
    }
}
