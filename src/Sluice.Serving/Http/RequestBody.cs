using System.Buffers;
using Microsoft.AspNetCore.Http;

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

    public static async Task<RequestBody> ReadAsync(HttpContext context, long maxBytes)
    {
        long? declared = context.Request.ContentLength;
        if (declared > maxBytes) throw TooLarge(maxBytes);
        byte[] buffer = ArrayPool<byte>.Shared.Rent((int)Math.Min(declared ?? 4096, maxBytes) + 1);
        int length = 0;
        try
        {
            var stream = context.Request.Body;
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > maxBytes) throw TooLarge(maxBytes);
                    byte[] larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, maxBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }
                int read = await stream.ReadAsync(buffer.AsMemory(length), context.RequestAborted).ConfigureAwait(false);
                if (read == 0) break;
                length += read;
                if (length > maxBytes) throw TooLarge(maxBytes);
            }
            return new RequestBody(buffer, length);
        }
        catch
        {
            ArrayPool<byte>.Shared.Return(buffer);
            throw;
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
