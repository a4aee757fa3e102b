namespace Sluice.Serving.Client;

/// <summary>The server answered with an error (its <c>{"error"}</c> message and HTTP status), or could not be reached.</summary>
public sealed class ServingClientException(int statusCode, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The HTTP status, or 0 when the server could not be reached.</summary>
    public int StatusCode { get; } = statusCode;
}
