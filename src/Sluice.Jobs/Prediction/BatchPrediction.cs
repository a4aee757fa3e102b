using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Data.Columns;
using Sluice.Estimators.Export;
using Sluice.Estimators.Heads;
using Sluice.Jobs.Spec;

namespace Sluice.Jobs.Prediction;

/// <summary>
/// Batch prediction: reads JSON Lines or CSV (header row) inputs, predicts in batches of <c>batchSize</c>, and writes
/// <c>prediction.results-0000i-of-0000n</c> (JSON Lines, up to <see cref="RowsPerShard"/> rows each: the TF output keys
/// plus <c>source</c> = file:line) and <c>prediction.errors_stats-00000-of-00001</c> (rows that failed validation,
/// with the reason). Outputs are written to a temp folder and swapped in at the end, replacing a previous run's
/// files, so re-running a job never duplicates outputs.
/// </summary>
public static class BatchPrediction
{
    // Readable output ("<=50K", not "\u003C=50K"); the files are data, not HTML.
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public const int RowsPerShard = 10_000;

    public static PredictionSummary Run(string exportDirectory, PredictionInput input, Action<string>? progress = null, CancellationToken cancellationToken = default)
    {
        var model = ExportedModel.Load(exportDirectory);
        var files = InputFiles.Expand(input.InputPaths);
        Directory.CreateDirectory(input.OutputPath);
        string temp = Path.Combine(input.OutputPath, $".tmp-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        try
        {
            var rows = new InstanceRows(model.Signature);
            var predictor = model.CreatePredictor(input.BatchSize);
            var batch = predictor.CreateInputBatch();
            var sources = new string[input.BatchSize];
            var shards = new List<string>();
            StreamWriter? shard = null;
            int inShard = 0;
            long predictions = 0, errors = 0;
            using var errorWriter = new StreamWriter(Path.Combine(temp, "prediction.errors_stats-00000-of-00001"), false, new UTF8Encoding(false));

            void Flush()
            {
                if (batch.RowCount == 0) return;
                var output = predictor.Predict(batch);
                for (int r = 0; r < output.Count; r++)
                {
                    if (shard is null || inShard == RowsPerShard)
                    {
                        shard?.Dispose();
                        string name = Path.Combine(temp, $"prediction.results-{shards.Count:D5}");
                        shards.Add(name);
                        shard = new StreamWriter(name, false, new UTF8Encoding(false));
                        inShard = 0;
                    }
                    var json = PredictionJson(output, r, model.Signature.Head);
                    json["source"] = sources[r];
                    shard.WriteLine(json.ToJsonString(Relaxed));
                    inShard++;
                }
                predictions += output.Count;
                batch.Reset();
            }

            foreach (string file in files)
            {
                int line = 0;
                foreach (var (lineNumber, row, error) in ReadRows(file, input.DataFormat))
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    line = lineNumber;
                    string source = $"{file}:{lineNumber}";
                    string? reason = error ?? rows.Validate(row!);
                    if (reason is not null)
                    {
                        errorWriter.WriteLine(new JsonObject { ["source"] = source, ["error"] = reason }.ToJsonString(Relaxed));
                        errors++;
                        continue;
                    }
                    sources[batch.RowCount] = source;
                    rows.Append(batch, row!);
                    if (batch.RowCount == input.BatchSize) Flush();
                }
                progress?.Invoke($"{file}: {line} lines read ({predictions} predictions, {errors} errors so far)");
            }
            Flush();
            shard?.Dispose();
            errorWriter.Dispose();

            // Final names carry the shard count, then replace the previous run's files in one sweep.
            var finalNames = new List<string>();
            for (int i = 0; i < shards.Count; i++)
            {
                string name = $"prediction.results-{i:D5}-of-{shards.Count:D5}";
                File.Move(shards[i], Path.Combine(temp, name));
                finalNames.Add(name);
            }
            foreach (string old in Directory.GetFiles(input.OutputPath, "prediction.*")) File.Delete(old);
            foreach (string file in Directory.GetFiles(temp)) File.Move(file, Path.Combine(input.OutputPath, Path.GetFileName(file)));
            progress?.Invoke($"wrote {predictions} predictions in {shards.Count} shard(s) and {errors} error(s) to {input.OutputPath}");
            return new PredictionSummary(input.OutputPath, predictions, errors, [.. finalNames.Select(n => Path.Combine(input.OutputPath, n))]);
        }
        finally
        {
            if (Directory.Exists(temp)) Directory.Delete(temp, recursive: true);
        }
    }

    /// <summary>TF prediction keys for one row (classifiers: classes, class_ids, probabilities, logistic, logits; regressors: predictions).</summary>
    internal static JsonObject PredictionJson(PredictionBatch output, int row, HeadKind head)
    {
        var json = new JsonObject();
        if (head == HeadKind.Regression)
        {
            json["predictions"] = Floats(output.Predictions(row));
            return json;
        }
        json["class_ids"] = new JsonArray(output.ClassId(row));
        json["classes"] = new JsonArray(output.ClassLabel(row));
        json["probabilities"] = Floats(output.Probabilities(row));
        if (head == HeadKind.BinaryClassification) json["logistic"] = new JsonArray(output.Logistic(row));
        json["logits"] = Floats(output.Logits(row));
        return json;
    }

    private static JsonArray Floats(ReadOnlySpan<float> values)
    {
        var array = new JsonArray();
        foreach (float v in values) array.Add(v);
        return array;
    }

    private static IEnumerable<(int Line, IReadOnlyDictionary<string, Cell>? Row, string? Error)> ReadRows(string file, DataFormat format)
    {
        using var reader = new StreamReader(file);
        int lineNumber = 0;
        string[]? header = null;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (line.Length == 0) continue;
            if (format == DataFormat.Csv)
            {
                var fields = SplitCsv(line);
                if (header is null) { header = fields; continue; }
                if (fields.Length != header.Length) { yield return (lineNumber, null, $"expected {header.Length} fields (as the header), got {fields.Length}"); continue; }
                var row = new Dictionary<string, Cell>(StringComparer.Ordinal);
                for (int i = 0; i < header.Length; i++) row[header[i]] = new Cell(null, fields[i]);
                yield return (lineNumber, row, null);
                continue;
            }
            JsonElement element;
            string? error = null;
            try
            {
                using var document = JsonDocument.Parse(line);
                element = document.RootElement.Clone();
            }
            catch (JsonException e) { element = default; error = $"invalid JSON: {e.Message}"; }
            if (error is not null) { yield return (lineNumber, null, error); continue; }
            if (element.ValueKind != JsonValueKind.Object) { yield return (lineNumber, null, "expected a JSON object of feature values"); continue; }
            var values = new Dictionary<string, Cell>(StringComparer.Ordinal);
            foreach (var property in element.EnumerateObject()) values[property.Name] = new Cell(property.Value, null);
            yield return (lineNumber, values, null);
        }
    }

    /// <summary>One CSV record on one line (RFC 4180 quotes, no embedded newlines).</summary>
    internal static string[] SplitCsv(string line)
    {
        var fields = new List<string>();
        var current = new StringBuilder();
        bool quoted = false;
        for (int i = 0; i < line.Length; i++)
        {
            char c = line[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < line.Length && line[i + 1] == '"') { current.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else current.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { fields.Add(current.ToString().Trim()); current.Clear(); }
            else current.Append(c);
        }
        fields.Add(current.ToString().Trim());
        return [.. fields];
    }
}

/// <summary>ML Engine <c>predictionOutput</c>.</summary>
public sealed record PredictionSummary(string OutputPath, long PredictionCount, long ErrorCount, IReadOnlyList<string> Shards)
{
    public JsonObject ToJson() => new()
    {
        ["outputPath"] = OutputPath,
        ["predictionCount"] = PredictionCount,
        ["errorCount"] = ErrorCount,
        ["nodeHours"] = 0,
        ["shards"] = new JsonArray([.. Shards.Select(s => (JsonNode)JsonValue.Create(s))]),
        ["errorsFile"] = Path.Combine(OutputPath, "prediction.errors_stats-00000-of-00001"),
    };
}
