using System.Text.Json.Nodes;
using Sluice.Estimators.Config;
using Sluice.Jobs.Model;
using Sluice.Jobs.Running;
using Sluice.Serving.Client;

namespace Sluice.Jobs.Deploy;

/// <summary>
/// Deploys a finished job's export bundle to the model server, optionally as incumbent vs challenger: both versions
/// are evaluated on the same data (with the estimator's own metrics, from each export's model dir) and the new one
/// becomes default only if better. The outcome is appended to the job's output under <c>deployments</c>.
/// </summary>
public static class ModelDeployer
{
    private static readonly HashSet<string> LowerIsBetter = new(StringComparer.Ordinal) { "loss", "average_loss", "mean_absolute_error", "mean_squared_error", "root_mean_squared_error", "label/mean_error" };

    public static async Task<JsonObject> DeployAsync(JobEngine engine, JobRecord job, DeployRequest request, ServingClient client, CancellationToken cancellation)
    {
        if (job.State != JobState.Succeeded) throw new JobConflictException($"job '{job.JobId}' is {job.State.Name()}; only a SUCCEEDED job can be deployed.");
        if (request.PromoteIfBetter is not null && request.EvalData is null) throw new ArgumentException("promoteIfBetter needs evalData: the file both versions are evaluated on.");
        string export = FindExport(job, request.TrialId);

        var existing = await GetOrCreateModelAsync(client, request.Model, cancellation).ConfigureAwait(false);
        string? incumbent = existing?.DefaultVersion;
        string? incumbentUri = null;
        if (incumbent is not null) incumbentUri = (await client.GetVersionAsync(request.Model, incumbent, cancellation).ConfigureAwait(false)).DeploymentUri;

        double? newScore = null, oldScore = null;
        bool promote = true;
        if (request.PromoteIfBetter is { } metric && incumbentUri is not null)
        {
            newScore = Score(export, request.EvalData!, metric);
            oldScore = Score(incumbentUri, request.EvalData!, metric);
            promote = LowerIsBetter.Contains(metric) ? newScore < oldScore : newScore > oldScore;
        }
        else if (request.PromoteIfBetter is { } only) newScore = Score(export, request.EvalData!, only);

        var version = await client.CreateVersionAsync(request.Model, export, request.Version, cancellation).ConfigureAwait(false);
        version = await client.WaitForVersionAsync(request.Model, version.Name, TimeSpan.FromMinutes(2), cancellation).ConfigureAwait(false);
        if (request.PromoteIfBetter is not null && incumbent is not null && promote && !version.IsDefault)
            version = await client.SetDefaultAsync(request.Model, version.Name, cancellation).ConfigureAwait(false);

        var record = new JsonObject
        {
            ["model"] = request.Model,
            ["version"] = version.Name,
            ["deploymentUri"] = export,
            ["isDefault"] = version.IsDefault,
            ["previousDefault"] = incumbent,
        };
        if (request.PromoteIfBetter is { } m)
        {
            record["metric"] = m;
            record["newScore"] = newScore;
            record["previousScore"] = oldScore;
            record["promoted"] = version.IsDefault;
        }
        var output = job.Output?.DeepClone().AsObject() ?? [];
        if (output["deployments"] is not JsonArray deployments) output["deployments"] = deployments = [];
        deployments.Add(record);
        engine.Store.TryUpdate(job.JobId, [JobState.Succeeded], new JobUpdate(Output: output));
        engine.Note(job.JobId, $"deployed {export} as {request.Model}/{version.Name}{(request.PromoteIfBetter is null ? "" : $" ({request.PromoteIfBetter}: new {newScore}, previous {oldScore?.ToString() ?? "none"}, default: {version.IsDefault})")}");
        return record;
    }

    /// <summary>The model, or null after creating it (a new model has no default version).</summary>
    private static async Task<Serving.Http.ModelDto?> GetOrCreateModelAsync(ServingClient client, string name, CancellationToken cancellation)
    {
        try { return await client.GetModelAsync(name, cancellation).ConfigureAwait(false); }
        catch (ServingClientException e) when (e.StatusCode == 404)
        {
            await client.CreateModelAsync(name, "created by sluice jobs deploy", cancellation).ConfigureAwait(false);
            return null;
        }
    }

    /// <summary>The export to deploy: the job's newest, or for a tuning job the chosen (default: best) trial's.</summary>
    public static string FindExport(JobRecord job, string? trialId)
    {
        var output = job.Output ?? throw new JobConflictException($"job '{job.JobId}' has no output.");
        if (output["trials"] is JsonArray trials)
        {
            foreach (var trial in trials.OfType<JsonObject>())
            {
                if (trialId is not null && trial["trialId"]?.GetValue<string>() != trialId) continue;
                if (trial["export"]?.GetValue<string>() is { } export) return export;
                if (trialId is not null) throw new JobConflictException($"trial {trialId} of '{job.JobId}' has no export (its config has no exporter, or it failed).");
            }
            throw new JobConflictException(trialId is null ? $"no trial of '{job.JobId}' has an export." : $"'{job.JobId}' has no trial {trialId}.");
        }
        if (output["exports"] is JsonArray exports && exports.Count > 0) return exports[^1]!.GetValue<string>();
        throw new JobConflictException($"job '{job.JobId}' left no export bundle (add an exporter to its training config's evaluation section).");
    }

    /// <summary>The metric of the model that wrote <paramref name="export"/> (…/export/&lt;name&gt;/&lt;secs&gt;), evaluated on <paramref name="evalData"/>.</summary>
    private static double Score(string export, string evalData, string metric)
    {
        string modelDirectory = Path.GetFullPath(Path.Combine(export, "..", "..", ".."));
        if (!File.Exists(Path.Combine(modelDirectory, "data.json")))
            throw new JobConflictException($"cannot evaluate '{export}': its model dir '{modelDirectory}' is not a `sluice train` model dir.");
        if (!File.Exists(evalData)) throw new ArgumentException($"evalData '{evalData}' does not exist on the engine host.");
        return ConfiguredTraining.Evaluate(modelDirectory, evalData)[metric];
    }
}
