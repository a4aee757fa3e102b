using System.Globalization;

namespace Sluice.Serving.Http;

/// <summary>Parses the path parts of TF Serving URLs.</summary>
internal static class ModelPaths
{
    /// <summary>A version segment: a non-negative int64, else 400.</summary>
    public static long ParseVersion(string text)
        => long.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out long version)
            ? version
            : throw ServingException.BadRequest($"Malformed request: version '{text}' is not a non-negative integer.");
}
