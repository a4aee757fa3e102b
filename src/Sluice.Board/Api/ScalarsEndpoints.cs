using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Sluice.Board.Logdir;

namespace Sluice.Board.Api;

/// <summary>
/// The scalars API the pages use: runs and tags, chart data (smoothed, downsampled), and full-resolution downloads.
/// Also TensorBoard's own scalar routes, so scripts written against TensorBoard work unchanged.
/// </summary>
internal static class ScalarsEndpoints
{
    /// <summary>Total points one chart request may return across runs, so 200 runs stay light.</summary>
    internal const int PointsPerChartBudget = 20_000;

    public static IEndpointRouteBuilder MapScalarsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/runs", GetRuns);
        app.MapGet("/api/scalars", GetChartData);
        app.MapGet("/api/scalars/download", Download);
        app.MapGet("/data/plugin/scalars/tags", GetTensorBoardTags);
        app.MapGet("/data/plugin/scalars/scalars", GetTensorBoardScalars);
        return app;
    }

    private static Ok<RunsResponse> GetRuns(LogdirIndex index, BoardOptions options)
    {
        var runs = new List<RunSummary>();
        foreach (RunState run in index.Runs)
        {
            var tags = run.Tags.ToList();
            tags.Sort(StringComparer.Ordinal);
            runs.Add(new RunSummary(run.Name, tags, run.Version, run.Error));
        }
        return TypedResults.Ok(new RunsResponse(
            index.Logdir, index.Reloads == 0, index.RunsLoaded, index.Error, options.EffectiveReloadInterval.TotalSeconds, runs));
    }

    /// <summary>GET /api/scalars?tag=T[&amp;run=R...][&amp;samples=N][&amp;smoothing=W]</summary>
    private static Results<FileContentHttpResult, BadRequest<ApiError>> GetChartData(
        HttpRequest request, LogdirIndex index, BoardOptions options)
    {
        string? tag = request.Query["tag"];
        if (string.IsNullOrEmpty(tag)) return TypedResults.BadRequest(new ApiError("Query parameter 'tag' is required."));
        if (!TryParseDouble(request.Query["smoothing"], 0, out double smoothing) || smoothing < 0 || smoothing >= 1)
            return TypedResults.BadRequest(new ApiError($"Query parameter 'smoothing' must be a number in [0, 1); got '{request.Query["smoothing"]}'."));
        if (!TryParseInt(request.Query["samples"], options.SamplesPerSeries, out int samples) || samples < 2)
            return TypedResults.BadRequest(new ApiError($"Query parameter 'samples' must be an integer ≥ 2; got '{request.Query["samples"]}'."));

        List<(string Run, ScalarSeries Series)> selected = SelectSeries(index, tag, request.Query["run"]);
        int perSeries = Math.Max(2, Math.Min(samples, PointsPerChartBudget / Math.Max(1, selected.Count)));

        return TypedResults.File(ScalarWriting.ChartJson(tag, selected, perSeries, smoothing), "application/json");
    }

    /// <summary>GET /api/scalars/download?tag=T[&amp;run=R][&amp;format=csv|json]: every point, no downsampling.</summary>
    private static Results<FileContentHttpResult, BadRequest<ApiError>, NotFound<ApiError>> Download(HttpRequest request, LogdirIndex index)
    {
        string? tag = request.Query["tag"];
        string? run = request.Query["run"];
        string format = request.Query["format"].ToString() is { Length: > 0 } f ? f : "csv";
        if (string.IsNullOrEmpty(tag)) return TypedResults.BadRequest(new ApiError("Query parameter 'tag' is required."));
        if (format is not ("csv" or "json"))
            return TypedResults.BadRequest(new ApiError($"Query parameter 'format' must be 'csv' or 'json'; got '{format}'."));

        List<(string Run, ScalarSeries Series)> selected = SelectSeries(index, tag, string.IsNullOrEmpty(run) ? default : request.Query["run"]);
        if (selected.Count == 0)
            return TypedResults.NotFound(new ApiError(run is null ? $"No run has a scalar tag '{tag}'." : $"Run '{run}' has no scalar tag '{tag}'."));

        string fileName = FileNameFor(string.IsNullOrEmpty(run) ? "all-runs" : run, tag, format);
        return string.IsNullOrEmpty(run)
            ? AllRunsFile(selected, format, fileName)
            : OneRunFile(selected[0].Series, format, fileName);
    }

    private static Ok<Dictionary<string, Dictionary<string, TensorBoardTagInfo>>> GetTensorBoardTags(LogdirIndex index)
    {
        var result = new Dictionary<string, Dictionary<string, TensorBoardTagInfo>>(StringComparer.Ordinal);
        foreach (RunState run in index.Runs)
        {
            var tags = new Dictionary<string, TensorBoardTagInfo>(StringComparer.Ordinal);
            foreach (string tag in run.Tags) tags[tag] = new TensorBoardTagInfo(tag, "");
            result[run.Name] = tags;
        }
        return TypedResults.Ok(result);
    }

    private static Results<FileContentHttpResult, BadRequest<ApiError>, NotFound<ApiError>> GetTensorBoardScalars(HttpRequest request, LogdirIndex index)
    {
        string? run = request.Query["run"], tag = request.Query["tag"];
        if (string.IsNullOrEmpty(run) || string.IsNullOrEmpty(tag))
            return TypedResults.BadRequest(new ApiError("Query parameters 'run' and 'tag' are required."));
        ScalarSeries? series = index.TryGetRun(run)?.TryGetSeries(tag);
        if (series is null) return TypedResults.NotFound(new ApiError($"Run '{run}' has no scalar tag '{tag}'."));
        string format = request.Query["format"] == "csv" ? "csv" : "json";
        FileContentHttpResult file = OneRunFile(series, format, fileName: null);
        return file;
    }

    private static FileContentHttpResult OneRunFile(ScalarSeries series, string format, string? fileName)
    {
        if (format == "csv")
        {
            var csv = new StringBuilder("Wall time,Step,Value\n");
            ScalarWriting.WriteCsvRows(csv, series, run: null);
            return TypedResults.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", fileName);
        }
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer)) ScalarWriting.WriteJsonPoints(json, series);
        return TypedResults.File(buffer.WrittenSpan.ToArray(), "application/json", fileName);
    }

    private static FileContentHttpResult AllRunsFile(List<(string Run, ScalarSeries Series)> selected, string format, string fileName)
    {
        if (format == "csv")
        {
            var csv = new StringBuilder("Run,Wall time,Step,Value\n");
            foreach ((string run, ScalarSeries series) in selected) ScalarWriting.WriteCsvRows(csv, series, run);
            return TypedResults.File(Encoding.UTF8.GetBytes(csv.ToString()), "text/csv; charset=utf-8", fileName);
        }
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            foreach ((string run, ScalarSeries series) in selected)
            {
                json.WritePropertyName(run);
                ScalarWriting.WriteJsonPoints(json, series);
            }
            json.WriteEndObject();
        }
        return TypedResults.File(buffer.WrittenSpan.ToArray(), "application/json", fileName);
    }

    /// <summary>The series of <paramref name="tag"/> in the named runs, or in every run when none is named.</summary>
    internal static List<(string Run, ScalarSeries Series)> SelectSeries(LogdirIndex index, string tag, Microsoft.Extensions.Primitives.StringValues runNames)
    {
        var selected = new List<(string, ScalarSeries)>();
        if (runNames.Count == 0)
        {
            foreach (RunState run in index.Runs)
                if (run.TryGetSeries(tag) is { } series) selected.Add((run.Name, series));
            return selected;
        }
        foreach (string? name in runNames)
        {
            if (name is null) continue;
            if (index.TryGetRun(name)?.TryGetSeries(tag) is { } series) selected.Add((name, series));
        }
        return selected;
    }

    private static string FileNameFor(string run, string tag, string format)
    {
        var name = new StringBuilder();
        foreach (char c in $"{(run == "." ? "root" : run)}-{tag}")
            name.Append(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_');
        return $"{name}.{format}";
    }

    private static bool TryParseDouble(string? text, double fallback, out double value)
    {
        if (string.IsNullOrEmpty(text))
        {
            value = fallback;
            return true;
        }
        return double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value);
    }

    private static bool TryParseInt(string? text, int fallback, out int value)
    {
        if (string.IsNullOrEmpty(text))
        {
            value = fallback;
            return true;
        }
        return int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out value);
    }
}
