using Sluice.Jobs.Model;

namespace Sluice.Jobs.Store;

/// <summary>
/// The gcloud <c>--filter</c> subset the job list understands: terms joined by <c>AND</c>, each
/// <c>jobId:census*</c> (<c>*</c> is a wildcard), <c>state:FAILED</c> or <c>parentJobId:tune1</c>; <c>=</c> works like <c>:</c>.
/// </summary>
public sealed record JobFilter(string? JobIdPattern = null, JobState? State = null, string? ParentJobId = null, bool TopLevelOnly = false)
{
    public static readonly JobFilter All = new();

    public static JobFilter Parse(string? text)
    {
        var filter = All;
        if (string.IsNullOrWhiteSpace(text)) return filter;
        foreach (string raw in text.Split(" AND ", StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            int colon = raw.IndexOfAny([':', '=']);
            if (colon <= 0) throw new FormatException($"filter term '{raw}': expected field:value (jobId, state, parentJobId).");
            string field = raw[..colon].Trim(), value = raw[(colon + 1)..].Trim().Trim('"');
            filter = field.ToLowerInvariant() switch
            {
                "jobid" => filter with { JobIdPattern = value },
                "state" => filter with { State = JobStates.TryParse(value, out var s) ? s : throw new FormatException($"filter term '{raw}': '{value}' is not a job state ({string.Join(", ", JobStates.All.Select(x => x.Name()))}).") },
                "parentjobid" => filter with { ParentJobId = value },
                _ => throw new FormatException($"filter term '{raw}': unknown field '{field}' (jobId, state, parentJobId)."),
            };
        }
        return filter;
    }

    /// <summary>The jobId pattern as SQL LIKE (with <c>\</c> escapes).</summary>
    internal string? LikePattern => JobIdPattern?.Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_").Replace('*', '%');
}
