using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Sluice.Board.Hparams;
using Sluice.Board.Logdir;

namespace Sluice.Board.Api;

/// <summary>
/// GET /api/hparams: the hyperparameter comparison table. One row per trial <c>hparams.json</c> under the logdir,
/// with the final value of each of the trial's evaluation scalars (its <c>eval/</c> run) beside the objective the
/// tuner recorded.
/// </summary>
internal static class HparamsEndpoints
{
    public static IEndpointRouteBuilder MapHparamsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/hparams", GetTable);
        return app;
    }

    private static FileContentHttpResult GetTable(LogdirIndex index)
    {
        List<TrialRecord> trials = TrialScan.Find(index.Logdir);
        var hyperparameterNames = new SortedSet<string>(StringComparer.Ordinal);
        var metricNames = new SortedSet<string>(StringComparer.Ordinal);
        var finals = new List<(string? EvalRun, long? Step, SortedDictionary<string, double> Values)>(trials.Count);
        foreach (TrialRecord trial in trials)
        {
            foreach (string name in trial.Hyperparameters.Keys) hyperparameterNames.Add(name);
            var final = FinalEvalMetrics(index, trial.Run);
            foreach (string name in final.Values.Keys) metricNames.Add(name);
            finals.Add(final);
        }

        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("logdir", index.Logdir);
            WriteNames(json, "hyperparameters", hyperparameterNames);
            WriteNames(json, "metrics", metricNames);
            json.WriteStartArray("trials");
            for (int i = 0; i < trials.Count; i++) WriteTrial(json, trials[i], finals[i]);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return TypedResults.File(buffer.WrittenSpan.ToArray(), "application/json");
    }

    /// <summary>The last value of every scalar of the trial's evaluation run (<c>&lt;run&gt;/eval</c>).</summary>
    private static (string? EvalRun, long? Step, SortedDictionary<string, double> Values) FinalEvalMetrics(LogdirIndex index, string run)
    {
        var values = new SortedDictionary<string, double>(StringComparer.Ordinal);
        string evalRun = run == "." ? "eval" : run + "/eval";
        if (index.TryGetRun(evalRun) is not { } state) return (null, null, values);
        long? lastStep = null;
        foreach (string tag in state.Tags)
        {
            if (state.TryGetSeries(tag) is not { Count: > 0 } series) continue;
            (long step, float value) = series.Read(0, static (_, steps, _, vals) => (steps[^1], vals[^1]));
            if (float.IsFinite(value)) values[tag] = value;
            lastStep = lastStep is null ? step : Math.Max(lastStep.Value, step);
        }
        return (evalRun, lastStep, values);
    }

    private static void WriteTrial(Utf8JsonWriter json, TrialRecord trial, (string? EvalRun, long? Step, SortedDictionary<string, double> Values) final)
    {
        json.WriteStartObject();
        json.WriteString("run", trial.Run);
        json.WriteString("evalRun", final.EvalRun);
        json.WriteString("file", trial.File);
        json.WriteString("tuningJobId", trial.TuningJobId);
        json.WriteString("trialId", trial.TrialId);
        json.WriteString("jobId", trial.JobId);
        json.WriteStartObject("hyperparameters");
        foreach ((string name, JsonElement value) in trial.Hyperparameters)
        {
            json.WritePropertyName(name);
            value.WriteTo(json);
        }
        json.WriteEndObject();
        json.WriteString("metricTag", trial.MetricTag);
        json.WriteString("goal", trial.Goal);
        json.WriteString("state", trial.State);
        if (trial.FinalStep is null && trial.ObjectiveValue is null) json.WriteNull("finalMetric");
        else
        {
            json.WriteStartObject("finalMetric");
            if (trial.FinalStep is { } step) json.WriteNumber("trainingStep", step);
            if (trial.ObjectiveValue is { } objective && double.IsFinite(objective)) json.WriteNumber("objectiveValue", objective);
            json.WriteEndObject();
        }
        json.WriteStartObject("metrics");
        foreach ((string tag, double value) in final.Values) json.WriteNumber(tag, value);
        json.WriteEndObject();
        if (final.Step is { } metricsStep) json.WriteNumber("metricsStep", metricsStep);
        else json.WriteNull("metricsStep");
        json.WriteString("error", trial.Error);
        json.WriteEndObject();
    }

    private static void WriteNames(Utf8JsonWriter json, string property, IEnumerable<string> names)
    {
        json.WriteStartArray(property);
        foreach (string name in names) json.WriteStringValue(name);
        json.WriteEndArray();
    }
}
