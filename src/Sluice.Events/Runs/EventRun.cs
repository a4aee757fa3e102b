namespace Sluice.Events.Runs;

/// <summary>A run: a directory under the logdir that directly holds event files.</summary>
/// <param name="Name">Path relative to the logdir with '/' separators; "." for the logdir itself (e.g. ".", "eval", "wide_deep/eval").</param>
/// <param name="Directory">Absolute directory path.</param>
/// <param name="EventFiles">Event files in the directory, oldest first (by the timestamp in the name, then name).</param>
public sealed record EventRun(string Name, string Directory, IReadOnlyList<string> EventFiles);
