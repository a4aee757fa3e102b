namespace Sluice.Jobs.Client;

/// <summary>An engine call that failed: the HTTP status and the server's error message.</summary>
public sealed class EngineClientException(int statusCode, string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>The HTTP status, or 0 when the engine could not be reached.</summary>
    public int StatusCode { get; } = statusCode;
}
