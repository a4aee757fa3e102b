namespace Sluice.Estimators.Training;

/// <summary>
/// Where and how a run keeps its state (TF RunConfig): model dir, checkpoint cadence (steps or seconds; neither →
/// every 600 s), how many to keep, how often to log loss and global_step/sec, the seed, and an optional warm start
/// from another model dir (or checkpoint file) whose matching variables initialise this model.
/// <see cref="HistogramsEveryNSteps"/> (opt-in) writes a histogram of every variable to the training event log every
/// N steps, under the variable's TF name (<c>dnn/hiddenlayer_0/kernel</c>, <c>linear/linear_model/weights</c>...).
/// </summary>
public sealed record RunConfig(
    string ModelDirectory,
    int? SaveCheckpointsSteps = null,
    double? SaveCheckpointsSecs = null,
    int KeepCheckpointMax = 5,
    int LogStepCountSteps = 100,
    long Seed = 0,
    string? WarmStartFrom = null,
    int? HistogramsEveryNSteps = null)
{
    public void Validate()
    {
        if (string.IsNullOrWhiteSpace(ModelDirectory)) throw new ArgumentException("runConfig.modelDir: is required.");
        if (SaveCheckpointsSteps is not null && SaveCheckpointsSecs is not null)
            throw new ArgumentException("runConfig.saveCheckpointsSteps: cannot be combined with saveCheckpointsSecs.");
        if (SaveCheckpointsSteps is <= 0) throw new ArgumentException("runConfig.saveCheckpointsSteps: must be positive.");
        if (SaveCheckpointsSecs is <= 0) throw new ArgumentException("runConfig.saveCheckpointsSecs: must be positive.");
        if (KeepCheckpointMax < 0) throw new ArgumentException("runConfig.keepCheckpointMax: must be zero (keep all) or more.");
        if (LogStepCountSteps <= 0) throw new ArgumentException("runConfig.logStepCountSteps: must be positive.");
        if (HistogramsEveryNSteps is <= 0) throw new ArgumentException($"runConfig.histogramsEveryNSteps: must be positive (got {HistogramsEveryNSteps}); leave it out for no histograms.");
    }
}
