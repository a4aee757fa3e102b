using System.Globalization;
using System.Text.Json.Nodes;
using Sluice.Jobs.Model;
using Sluice.Jobs.Running;
using Sluice.Jobs.Spec;

namespace Sluice.Jobs.Tuning;

/// <summary>
/// Runs a hyperparameter tuning job. Trials are ordinary training jobs (<c>&lt;job&gt;_trial_&lt;n&gt;</c>, parent =
/// the tuning job, job dir <c>&lt;job dir&gt;/&lt;n&gt;</c>), so they queue, run, log, cancel and survive restarts like
/// any job. Each step keeps up to maxParallelTrials trials in flight, asks the search for the next point, applies the
/// median stopping rule to running trials, and rewrites the parent's <c>trainingOutput</c> (trials best first). All
/// state is in the store: after a restart the loop simply continues.
/// </summary>
internal sealed class TuningCoordinator(JobEngine engine)
{
    public const string TrialLabel = "trialId";
    public const string ParameterLabelPrefix = "hp.";

    public void Begin(JobRecord parent)
    {
        engine.Note(parent.JobId, "tuning job started");
        engine.Store.TryUpdate(parent.JobId, [JobState.Preparing], new JobUpdate(State: JobState.Running, Output: Output(parent, [], null)));
    }

    public void Cancel(JobRecord parent)
    {
        bool anyActive = false;
        foreach (var trial in engine.Store.Children(parent.JobId))
        {
            if (trial.State.IsFinal()) continue;
            anyActive = true;
            if (trial.State != JobState.Cancelling)
                try { engine.Cancel(trial.JobId); } catch (JobConflictException) { }
        }
        if (!anyActive)
            engine.Store.TryUpdate(parent.JobId, [JobState.Cancelling], new JobUpdate(State: JobState.Cancelled, EndTime: engine.Now,
                Output: Output(parent, engine.Store.Children(parent.JobId), null)));
    }

    public void Step(JobRecord parent)
    {
        var spec = parent.Spec.TrainingInput!.Hyperparameters!;
        var space = new ParameterSpace(spec.Params);
        var trials = engine.Store.Children(parent.JobId);
        var previous = spec.ResumePreviousJobId is { } previousId ? engine.Store.Children(previousId) : [];

        var finished = new List<Observation>();
        var curves = new List<IReadOnlyList<(long, double)>>();
        foreach (var trial in previous.Concat(trials))
            if (trial.State == JobState.Succeeded && Objective(trial, spec) is { } score && space.ToUnit(Parameters(trial)) is { } point)
            {
                finished.Add(new Observation(point, score));
                if (trials.Contains(trial)) curves.Add(Curve(trial, spec));
            }

        int failed = trials.Count(t => t.State == JobState.Failed || (t.State == JobState.Succeeded && Objective(t, spec) is null));
        int maxFailed = spec.MaxFailedTrials > 0 ? spec.MaxFailedTrials : Math.Max(1, spec.MaxTrials / 2);
        var running = trials.Where(t => !t.State.IsFinal()).ToList();

        if (failed > maxFailed)
        {
            foreach (var trial in running)
                try { engine.Cancel(trial.JobId); } catch (JobConflictException) { }
            string lastError = trials.LastOrDefault(t => t.State == JobState.Failed)?.ErrorMessage ?? $"metric '{spec.HyperparameterMetricTag}' was not reported";
            engine.Store.TryUpdate(parent.JobId, [JobState.Running], new JobUpdate(State: JobState.Failed, EndTime: engine.Now, Output: Output(parent, engine.Store.Children(parent.JobId), spec),
                ErrorMessage: $"{failed} trials failed (maxFailedTrials {maxFailed}); last error: {lastError}"));
            return;
        }

        if (spec.EnableTrialEarlyStopping)
            foreach (var trial in running.Where(t => t.State == JobState.Running))
                if (MedianStoppingRule.ShouldStop(Curve(trial, spec), curves))
                {
                    engine.Note(trial.JobId, "stopped early by the median stopping rule");
                    engine.Store.TryUpdate(trial.JobId, [JobState.Running], new JobUpdate(State: JobState.Cancelling, Output: new JsonObject { ["stoppedEarly"] = true }));
                    engine.Wake();
                }

        var search = Search(spec, space);
        var random = new Random(unchecked((int)(spec.Seed * 7919 + trials.Count)));
        int created = trials.Count;
        bool exhausted = false;
        while (created < spec.MaxTrials && running.Count < spec.MaxParallelTrials)
        {
            var pending = running.Select(t => space.ToUnit(Parameters(t))).OfType<double[]>().ToList();
            var point = search.Suggest(finished, pending, random);
            if (point is null) { exhausted = true; break; }
            var trial = CreateTrial(parent, created + 1, space.ToValues(point));
            running.Add(trial);
            created++;
        }
        if (created > trials.Count) engine.Wake();

        trials = engine.Store.Children(parent.JobId);
        bool done = trials.All(t => t.State.IsFinal()) && (created >= spec.MaxTrials || exhausted);
        if (done)
        {
            engine.Note(parent.JobId, $"tuning finished: {trials.Count} trials");
            engine.Store.TryUpdate(parent.JobId, [JobState.Running], new JobUpdate(State: JobState.Succeeded, EndTime: engine.Now, Output: Output(parent, trials, spec)));
        }
        else engine.Store.TryUpdate(parent.JobId, [JobState.Running], new JobUpdate(Output: Output(parent, trials, spec)));
    }

    private static ISearchAlgorithm Search(HyperparameterSpec spec, ParameterSpace space) => spec.Algorithm switch
    {
        SearchAlgorithm.GridSearch => new GridSearch(space),
        SearchAlgorithm.RandomSearch => new RandomSearch(space.Dimension),
        _ => new BayesianSearch(space.Dimension),
    };

    private JobRecord CreateTrial(JobRecord parent, int trialNumber, IReadOnlyDictionary<string, string> values)
    {
        var t = parent.Spec.TrainingInput!;
        var overrides = new Dictionary<string, string>(t.Overrides ?? new Dictionary<string, string>(), StringComparer.Ordinal);
        var args = t.Args.ToList();
        var labels = new Dictionary<string, string>(StringComparer.Ordinal) { [TrialLabel] = trialNumber.ToString(CultureInfo.InvariantCulture) };
        foreach (var (name, value) in values)
        {
            labels[ParameterLabelPrefix + name] = value;
            // ML Engine passes --<name>=<value> to the trainer; a name that is a `sluice train` flag goes there too.
            if (name.StartsWith("--", StringComparison.Ordinal)) args.AddRange([name, value]);
            else overrides[name] = value;
        }
        string id = $"{parent.JobId}_trial_{trialNumber}";
        string jobDir = Path.Combine(engine.ModelDirectory(parent), trialNumber.ToString(CultureInfo.InvariantCulture));
        var spec = new JobSpec(id, t with { Hyperparameters = null, Args = args, JobDir = jobDir, Overrides = overrides }, null, labels);
        var trial = new JobRecord(id, spec, JobState.Queued, engine.Now, ParentJobId: parent.JobId);
        if (engine.Store.TryCreate(trial)) RecordTrial(trial); // an existing id means a previous step created it already
        engine.Note(parent.JobId, $"trial {trialNumber}: {string.Join(", ", values.Select(kv => $"{kv.Key}={kv.Value}"))}");
        return engine.Store.Get(id)!;
    }

    /// <summary>Writes a trial's hparams.json into its job dir: when it is created, and again when it has ended.</summary>
    public void RecordTrial(JobRecord trial)
    {
        if (trial.ParentJobId is not { } parentId || engine.Store.Get(parentId) is not { Spec.IsTuning: true } parent) return;
        var spec = parent.Spec.TrainingInput!.Hyperparameters!;
        (long Step, double Value)? finalMetric = null;
        if (trial.State.IsFinal() && Curve(trial, spec) is { Count: > 0 } curve)
            finalMetric = (curve[^1].Step, (spec.Goal == TuningGoal.Maximize ? 1 : -1) * curve[^1].Score); // back to the metric as reported
        string trialId = trial.Spec.Labels?.GetValueOrDefault(TrialLabel) ?? "";
        try { TrialHparamsFile.Write(engine.ModelDirectory(trial), TrialHparamsFile.ToJson(parent, trial, trialId, Parameters(trial), finalMetric)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            engine.Note(trial.JobId, $"could not write {TrialHparamsFile.FileName}: {e.Message}");
        }
    }

    internal static IReadOnlyDictionary<string, string> Parameters(JobRecord trial)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        if (trial.Spec.Labels is { } labels)
            foreach (var (key, value) in labels)
                if (key.StartsWith(ParameterLabelPrefix, StringComparison.Ordinal)) values[key[ParameterLabelPrefix.Length..]] = value;
        return values;
    }

    /// <summary>The trial's objective as "higher is better" (negated for MINIMIZE): its last reported evaluation.</summary>
    private double? Objective(JobRecord trial, HyperparameterSpec spec)
    {
        var curve = Curve(trial, spec);
        return curve.Count == 0 ? null : curve[^1].Score;
    }

    private List<(long Step, double Score)> Curve(JobRecord trial, HyperparameterSpec spec)
    {
        double sign = spec.Goal == TuningGoal.Maximize ? 1 : -1;
        var curve = new List<(long, double)>();
        foreach (var (step, metrics) in TrainingResults.Evaluations(engine.ModelDirectory(trial)))
            if (metrics.TryGetValue(spec.HyperparameterMetricTag, out double value) && double.IsFinite(value)) curve.Add((step, sign * value));
        return curve;
    }

    /// <summary>The ML Engine <c>trainingOutput</c>: trials with hyperparameters, final metric and state, best first.</summary>
    private JsonObject Output(JobRecord parent, IReadOnlyList<JobRecord> trials, HyperparameterSpec? spec)
    {
        spec ??= parent.Spec.TrainingInput!.Hyperparameters!;
        var rows = new List<(double? Score, JsonObject Json)>();
        foreach (var trial in trials)
        {
            var curve = Curve(trial, spec);
            var json = new JsonObject
            {
                ["trialId"] = trial.Spec.Labels?.GetValueOrDefault(TrialLabel),
                ["jobId"] = trial.JobId,
                ["state"] = trial.State.Name(),
                ["hyperparameters"] = Strings(Parameters(trial)),
                ["isTrialStoppedEarly"] = trial.Output?["stoppedEarly"]?.GetValue<bool>() == true,
                ["startTime"] = trial.StartTime,
                ["endTime"] = trial.EndTime,
            };
            if (curve.Count > 0)
            {
                double sign = spec.Goal == TuningGoal.Maximize ? 1 : -1;
                json["finalMetric"] = new JsonObject { ["trainingStep"] = curve[^1].Step, ["objectiveValue"] = sign * curve[^1].Score };
            }
            if (trial.ErrorMessage is not null) json["errorMessage"] = trial.ErrorMessage;
            if (trial.Output?["exports"] is JsonArray exports && exports.Count > 0) json["export"] = exports[^1]!.GetValue<string>();
            rows.Add((trial.State == JobState.Succeeded && curve.Count > 0 ? curve[^1].Score : null, json));
        }
        var ordered = rows.OrderByDescending(r => r.Score.HasValue).ThenByDescending(r => r.Score ?? double.MinValue).Select(r => (JsonNode)r.Json).ToArray();
        return new JsonObject
        {
            ["isHyperparameterTuningJob"] = true,
            ["hyperparameterMetricTag"] = spec.HyperparameterMetricTag,
            ["completedTrialCount"] = trials.Count(t => t.State.IsFinal()),
            ["consumedMLUnits"] = 0,
            ["trials"] = new JsonArray(ordered),
        };
    }

    private static JsonObject Strings(IReadOnlyDictionary<string, string> values)
    {
        var o = new JsonObject();
        foreach (var (k, v) in values) o[k] = v;
        return o;
    }
}
