namespace Sluice.Jobs.Deploy;

/// <summary>
/// Body of <c>POST .../jobs/{id}:deploy</c>: deploy the job's export (a tuning job: the best trial's, or
/// <paramref name="TrialId"/>'s) as a version of <paramref name="Model"/> (created if missing). With
/// <paramref name="PromoteIfBetter"/> (a metric key such as <c>auc</c> or <c>average_loss</c>) and
/// <paramref name="EvalData"/>, the new version becomes the default only if it scores better than the current default
/// on that data; both scores are recorded in the job's output.
/// </summary>
public sealed record DeployRequest(string Model, string? Version = null, string? TrialId = null, string? PromoteIfBetter = null, string? EvalData = null);
