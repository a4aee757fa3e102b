using System.Globalization;

namespace Sluice.Events;

/// <summary>Event file naming: <c>events.out.tfevents.&lt;10-digit unix seconds&gt;.&lt;hostname&gt;[suffix]</c>.</summary>
public static class EventFileNames
{
    /// <summary>What every event file name contains (TensorBoard's own test for "is an event file").</summary>
    public const string Marker = "tfevents";

    private const string Prefix = "events.out.tfevents.";

    /// <summary>True when <paramref name="fileName"/> (a name, not a path) names an event file.</summary>
    public static bool IsEventFile(string fileName) => fileName.Contains(Marker, StringComparison.Ordinal);

    /// <summary>The file name for a writer created at <paramref name="unixSeconds"/> on <paramref name="hostName"/>.</summary>
    public static string Create(long unixSeconds, string hostName, string? suffix = null) =>
        string.Create(CultureInfo.InvariantCulture, $"{Prefix}{unixSeconds:D10}.{hostName}{suffix}");

    /// <summary>The creation time encoded in the name, when it follows the convention.</summary>
    public static long? TryGetUnixSeconds(string fileName)
    {
        if (!fileName.StartsWith(Prefix, StringComparison.Ordinal)) return null;
        ReadOnlySpan<char> rest = fileName.AsSpan(Prefix.Length);
        int dot = rest.IndexOf('.');
        ReadOnlySpan<char> digits = dot < 0 ? rest : rest[..dot];
        return long.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out long seconds) ? seconds : null;
    }
}
