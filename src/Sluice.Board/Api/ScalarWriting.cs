using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Sluice.Board.Logdir;
using Sluice.Board.Scalars;

namespace Sluice.Board.Api;

/// <summary>Serialises series to the chart JSON and to the CSV / JSON downloads, straight from the columns.</summary>
internal static class ScalarWriting
{
    /// <summary>The chart answer: <c>{"tag":T,"series":[...]}</c> with one <see cref="WriteChartSeries"/> per run.</summary>
    public static byte[] ChartJson(string tag, IReadOnlyList<(string Run, ScalarSeries Series)> selected, int maxPointsPerSeries, double smoothing)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("tag", tag);
            json.WriteStartArray("series");
            foreach ((string run, ScalarSeries series) in selected)
                WriteChartSeries(json, run, series, maxPointsPerSeries, smoothing);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Chart data: <c>{"run":R,"total":N,"points":[[wall,step,value,smoothed],...]}</c>, smoothed on the full
    /// series and then downsampled to at most <paramref name="maxPoints"/>. Non-finite numbers are written as the
    /// strings "NaN", "Infinity", "-Infinity" (JSON has no literal for them).
    /// </summary>
    public static void WriteChartSeries(Utf8JsonWriter json, string run, ScalarSeries series, int maxPoints, double smoothing)
    {
        series.Read((json, run, series, maxPoints, smoothing), static (state, steps, wallTimes, values) =>
        {
            (Utf8JsonWriter w, string runName, ScalarSeries owner, int budget, double weight) = state;
            ChartView? view = owner.LastChartView;
            if (view is null || !view.Matches(values.Length, weight, budget))
                owner.LastChartView = view = ChartView.Compute(values, weight, budget);

            w.WriteStartObject();
            w.WriteString("run", runName);
            w.WriteNumber("total", values.Length);
            w.WriteStartArray("points");
            for (int k = 0; k < view.Indices.Length; k++)
            {
                int i = view.Indices[k];
                w.WriteStartArray();
                w.WriteNumberValue(Math.Round(wallTimes[i], 6));
                w.WriteNumberValue(steps[i]);
                WriteNumber(w, values[i]);
                WriteNumber(w, view.Smoothed[k]);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            w.WriteEndObject();
            return 0;
        });
    }

    /// <summary>Every point as TensorBoard's JSON download: <c>[[wall_time, step, value], ...]</c>.</summary>
    public static void WriteJsonPoints(Utf8JsonWriter json, ScalarSeries series)
    {
        series.Read(json, static (w, steps, wallTimes, values) =>
        {
            w.WriteStartArray();
            for (int i = 0; i < values.Length; i++)
            {
                w.WriteStartArray();
                w.WriteNumberValue(wallTimes[i]);
                w.WriteNumberValue(steps[i]);
                WriteNumber(w, values[i]);
                w.WriteEndArray();
            }
            w.WriteEndArray();
            return 0;
        });
    }

    /// <summary>Every point as CSV rows <c>[run,]wall time,step,value</c> (values round-trip exactly).</summary>
    public static void WriteCsvRows(StringBuilder csv, ScalarSeries series, string? run)
    {
        series.Read((csv, run), static (state, steps, wallTimes, values) =>
        {
            (StringBuilder sb, string? runName) = state;
            for (int i = 0; i < values.Length; i++)
            {
                if (runName is not null) sb.Append(CsvField(runName)).Append(',');
                sb.Append(wallTimes[i].ToString("R", CultureInfo.InvariantCulture)).Append(',')
                  .Append(steps[i].ToString(CultureInfo.InvariantCulture)).Append(',')
                  .Append(values[i].ToString("R", CultureInfo.InvariantCulture)).Append('\n');
            }
            return 0;
        });
    }

    private static void WriteNumber(Utf8JsonWriter w, float value)
    {
        if (float.IsFinite(value)) w.WriteNumberValue(value);
        else w.WriteStringValue(float.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity");
    }

    private static string CsvField(string text) =>
        text.AsSpan().IndexOfAny(",\"\n\r") < 0 ? text : $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";
}
