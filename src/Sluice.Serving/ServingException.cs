namespace Sluice.Serving;

/// <summary>
/// A request the server refuses, with the HTTP status TF Serving maps its canonical code to (400 INVALID_ARGUMENT,
/// 404 NOT_FOUND, 409 ALREADY_EXISTS, 413, 429 RESOURCE_EXHAUSTED, 503 UNAVAILABLE...). Answered as <c>{"error": Message}</c>.
/// </summary>
public sealed class ServingException(int statusCode, string message) : Exception(message)
{
    public int StatusCode { get; } = statusCode;

    public static ServingException BadRequest(string message) => new(400, message);
    public static ServingException NotFound(string message) => new(404, message);
    public static ServingException Conflict(string message) => new(409, message);
    public static ServingException TooLarge(string message) => new(413, message);
    public static ServingException Unavailable(string message) => new(503, message);
}
