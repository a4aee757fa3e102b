using System.Text.Json.Nodes;
using Sluice.Jobs.Model;
using Sluice.Jobs.Spec;

namespace Sluice.Jobs.Http;

/// <summary>The ML Engine Job resource: the spec plus state, times, error message and output.</summary>
public static class JobJson
{
    public static JsonObject ToJson(JobRecord job)
    {
        var json = JobSpecWriter.ToJson(job.Spec);
        json["state"] = job.State.Name();
        json["createTime"] = job.CreateTime;
        if (job.StartTime is { } start) json["startTime"] = start;
        if (job.EndTime is { } end) json["endTime"] = end;
        if (job.ErrorMessage is { } error) json["errorMessage"] = error;
        if (job.ParentJobId is { } parent) json["parentJobId"] = parent;
        if (job.Attempt > 0) json["attempt"] = job.Attempt + 1;
        if (job.Output is { } output) json[job.Spec.IsTraining ? "trainingOutput" : "predictionOutput"] = output.DeepClone();
        return json;
    }
}
