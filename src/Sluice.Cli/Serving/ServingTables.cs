using System.Text.Json;
using Sluice.Serving.Http;
using Spectre.Console;

namespace Sluice.Cli.Serving;

/// <summary>Renders models, versions and predictions as tables or JSON.</summary>
internal static class ServingTables
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static void WriteJson<T>(T value) => Console.WriteLine(JsonSerializer.Serialize(value, Json));

    public static void Models(IEnumerable<ModelDto> models)
    {
        var table = new Table().AddColumns("model", "default version", "labels", "base path", "policy", "created (UTC)");
        foreach (var m in models)
        {
            table.AddRow(Markup.Escape(m.Name), m.DefaultVersion ?? "-", Markup.Escape(string.Join(", ", m.Labels.Select(l => $"{l.Key}→{l.Value}"))),
                Markup.Escape(m.BasePath ?? "-"), m.VersionPolicy, m.CreateTime.ToString("yyyy-MM-dd HH:mm:ss"));
        }
        AnsiConsole.Write(table);
    }

    public static void Versions(IEnumerable<VersionDto> versions)
    {
        var table = new Table().AddColumns("version", "state", "default", "labels", "load s", "origin", "error");
        foreach (var v in versions)
        {
            table.AddRow(v.Name, v.State, v.IsDefault ? "yes" : "", Markup.Escape(string.Join(", ", v.Labels)),
                v.LoadSeconds is { } s ? s.ToString("F3") : "-", Markup.Escape(v.DeploymentUri), Markup.Escape(v.ErrorMessage ?? ""));
        }
        AnsiConsole.Write(table);
    }

    /// <summary>One row per instance: the class and its probability for classifiers, the value for regressors.</summary>
    public static void Predictions(JsonElement predictions)
    {
        var table = new Table();
        bool classifier = predictions.GetArrayLength() > 0 && predictions[0].ValueKind == JsonValueKind.Object && predictions[0].TryGetProperty("classes", out _);
        if (classifier) table.AddColumns("instance", "class", "probability", "probabilities", "logistic");
        else table.AddColumns("instance", "prediction");
        int i = 0;
        foreach (var p in predictions.EnumerateArray())
        {
            if (!classifier) { table.AddRow(i++.ToString(), Markup.Escape(p.ToString())); continue; }
            int classId = p.GetProperty("class_ids")[0].GetInt32();
            var probabilities = p.GetProperty("probabilities");
            table.AddRow(i++.ToString(), Markup.Escape(p.GetProperty("classes")[0].GetString() ?? ""),
                probabilities[classId].GetDouble().ToString("F4"),
                string.Join(" ", probabilities.EnumerateArray().Select(x => x.GetDouble().ToString("F4"))),
                p.TryGetProperty("logistic", out var logistic) ? logistic[0].GetDouble().ToString("F4") : "-");
        }
        AnsiConsole.Write(table);
    }
}
