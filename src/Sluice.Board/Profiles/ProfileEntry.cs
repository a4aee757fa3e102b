namespace Sluice.Board.Profiles;

/// <summary>A dataset profile file the Data page can show.</summary>
/// <param name="Name">What the page calls it: the profiled data file's name, else the profile's file name.</param>
/// <param name="Path">The profile file (absolute).</param>
/// <param name="Error">Why it cannot be shown (naming the file and the line or JSON path); null when it can.</param>
internal sealed record ProfileEntry(string Name, string Path, string? Error);
