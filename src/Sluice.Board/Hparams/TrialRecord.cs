using System.Text.Json;

namespace Sluice.Board.Hparams;

/// <summary>
/// One tuning trial as its <c>hparams.json</c> describes it (format: the jobs/board contract in docs/board.md), plus
/// the run it belongs to. Hyperparameter values stay JSON (numbers as numbers, categories as strings).
/// </summary>
/// <param name="Run">The trial's run name (its directory relative to the logdir).</param>
/// <param name="File">The hparams.json path (for error messages).</param>
/// <param name="Error">Why the file could not be read (naming the file, line or JSON path); the other fields are then empty.</param>
internal sealed record TrialRecord(
    string Run,
    string File,
    string? TuningJobId,
    string? TrialId,
    string? JobId,
    IReadOnlyDictionary<string, JsonElement> Hyperparameters,
    string? MetricTag,
    string? Goal,
    string? State,
    long? FinalStep,
    double? ObjectiveValue,
    string? Error);
