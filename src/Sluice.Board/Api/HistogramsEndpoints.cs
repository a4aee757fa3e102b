using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;
using Sluice.Board.Histograms;

namespace Sluice.Board.Api;

/// <summary>
/// The histograms API: which runs have which histogram tags, and one (run, tag) series rebinned onto equal-width bins
/// over a range shared by all its steps, ready to draw as TensorBoard's offset (ridge) view.
/// </summary>
internal static class HistogramsEndpoints
{
    private const int DefaultBins = 30;
    private const int DefaultSteps = 30;

    public static IEndpointRouteBuilder MapHistogramsApi(this IEndpointRouteBuilder app)
    {
        app.MapGet("/api/histograms", GetTags);
        app.MapGet("/api/histograms/data", GetSeries);
        return app;
    }

    /// <summary>GET /api/histograms: <c>{error, runs: [{run, tags[], error}]}</c> for runs with at least one histogram.</summary>
    private static FileContentHttpResult GetTags(HistogramIndex index)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            try
            {
                index.Read(runs =>
                {
                    json.WriteNull("error");
                    json.WriteStartArray("runs");
                    foreach (RunHistograms run in runs)
                    {
                        var tags = run.Tags.ToList();
                        if (tags.Count == 0 && run.Error is null) continue;
                        tags.Sort(StringComparer.Ordinal);
                        json.WriteStartObject();
                        json.WriteString("run", run.Name);
                        json.WriteStartArray("tags");
                        foreach (string tag in tags) json.WriteStringValue(tag);
                        json.WriteEndArray();
                        json.WriteString("error", run.Error);
                        json.WriteEndObject();
                    }
                    json.WriteEndArray();
                    return 0;
                });
            }
            catch (DirectoryNotFoundException)
            {
                json.WriteString("error", $"The logdir '{index.Logdir}' does not exist (yet).");
                json.WriteStartArray("runs");
                json.WriteEndArray();
            }
            json.WriteEndObject();
        }
        return TypedResults.File(buffer.WrittenSpan.ToArray(), "application/json");
    }

    /// <summary>
    /// GET /api/histograms/data?run=R&amp;tag=T[&amp;bins=30][&amp;steps=30]: <c>{run, tag, total, low, high,
    /// histograms: [{step, wallTime, count, min, max, mean, bins: [...]}]}</c>, at most <c>steps</c> histograms
    /// evenly spread over the series (first and last always kept).
    /// </summary>
    private static Results<FileContentHttpResult, BadRequest<ApiError>, NotFound<ApiError>> GetSeries(HttpRequest request, HistogramIndex index)
    {
        string? run = request.Query["run"], tag = request.Query["tag"];
        if (string.IsNullOrEmpty(run) || string.IsNullOrEmpty(tag))
            return TypedResults.BadRequest(new ApiError("Query parameters 'run' and 'tag' are required."));
        if (!TryParseCount(request.Query["bins"], DefaultBins, out int bins))
            return TypedResults.BadRequest(new ApiError($"Query parameter 'bins' must be an integer from 1 to 500; got '{request.Query["bins"]}'."));
        if (!TryParseCount(request.Query["steps"], DefaultSteps, out int steps))
            return TypedResults.BadRequest(new ApiError($"Query parameter 'steps' must be an integer from 1 to 500; got '{request.Query["steps"]}'."));

        List<HistogramPoint>? picked;
        try
        {
            picked = index.Read(runs => runs.FirstOrDefault(r => r.Name == run)?.TryGetSeries(tag) is { } series ? Pick(series, steps) : null);
        }
        catch (DirectoryNotFoundException)
        {
            picked = null;
        }
        if (picked is null) return TypedResults.NotFound(new ApiError($"Run '{run}' has no histogram tag '{tag}'."));

        (double low, double high) = Range(picked);
        var buffer = new ArrayBufferWriter<byte>();
        double[] counts = new double[bins];
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("run", run);
            json.WriteString("tag", tag);
            json.WriteNumber("low", low);
            json.WriteNumber("high", high);
            json.WriteStartArray("histograms");
            foreach (HistogramPoint point in picked)
            {
                HistogramBins.Rebin(point.Value, low, high, counts);
                json.WriteStartObject();
                json.WriteNumber("step", point.Step);
                json.WriteNumber("wallTime", point.WallTime);
                json.WriteNumber("count", point.Value.Count);
                WriteFinite(json, "min", point.Value.Min);
                WriteFinite(json, "max", point.Value.Max);
                WriteFinite(json, "mean", point.Value.Count > 0 ? point.Value.Sum / point.Value.Count : double.NaN);
                json.WriteStartArray("bins");
                foreach (double count in counts) json.WriteNumberValue(Math.Round(count, 6));
                json.WriteEndArray();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return TypedResults.File(buffer.WrittenSpan.ToArray(), "application/json");
    }

    /// <summary>At most <paramref name="most"/> points spread evenly by index, first and last included.</summary>
    internal static List<HistogramPoint> Pick(IReadOnlyList<HistogramPoint> series, int most)
    {
        var picked = new List<HistogramPoint>(Math.Min(most, series.Count));
        if (series.Count <= most)
        {
            picked.AddRange(series);
            return picked;
        }
        for (int i = 0; i < most; i++)
            picked.Add(series[most == 1 ? series.Count - 1 : (int)Math.Round(i * (series.Count - 1.0) / (most - 1))]);
        return picked;
    }

    /// <summary>The shared x range: the smallest min to the largest max, widened when every value is the same.</summary>
    private static (double Low, double High) Range(List<HistogramPoint> points)
    {
        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        foreach (HistogramPoint point in points)
        {
            if (point.Value.Count <= 0) continue;
            if (double.IsFinite(point.Value.Min)) low = Math.Min(low, point.Value.Min);
            if (double.IsFinite(point.Value.Max)) high = Math.Max(high, point.Value.Max);
        }
        if (low > high) return (0, 1);
        if (high == low)
        {
            double pad = low == 0 ? 0.5 : Math.Abs(low) * 0.1;
            return (low - pad, high + pad);
        }
        return (low, high);
    }

    private static void WriteFinite(Utf8JsonWriter json, string name, double value)
    {
        if (double.IsFinite(value)) json.WriteNumber(name, value);
        else json.WriteNull(name);
    }

    private static bool TryParseCount(string? text, int fallback, out int value)
    {
        if (string.IsNullOrEmpty(text))
        {
            value = fallback;
            return true;
        }
        return int.TryParse(text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out value) && value is >= 1 and <= 500;
    }
}
