namespace Sluice.Board.Api;

/// <summary>One run as the run selector shows it.</summary>
/// <param name="Name">Run name relative to the logdir ("." for the logdir itself).</param>
/// <param name="Tags">Scalar tags, sorted.</param>
/// <param name="Points">Points across all tags; changes whenever new data arrives.</param>
/// <param name="Error">Why part of the run could not be read; null when all is well.</param>
internal sealed record RunSummary(string Name, IReadOnlyList<string> Tags, long Points, string? Error);
