using System.Globalization;
using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Data.Columns;
using Sluice.Estimators.FeatureColumns;
using Sluice.Estimators.Heads;
using Sluice.Estimators.Model;
using Sluice.Estimators.Serialization;
using Sluice.Estimators.Training;
using Sluice.Learning.Checkpoints;

namespace Sluice.Estimators.Export;

/// <summary>
/// Writes an export bundle: every file into a hidden temp directory beside the target, flushed, then
/// <c>manifest.json</c> with each file's size and SHA-256, then one rename to <c>&lt;unix-seconds&gt;</c>. A reader
/// therefore never sees a half-written version directory.
/// </summary>
internal static class BundleWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Write(string exportDirectory, ModelDirectoryState state, NetworkParameters parameters, long globalStep, IReadOnlyDictionary<string, double> metrics, JsonArray warmupInstances)
    {
        Directory.CreateDirectory(exportDirectory);
        long version = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        while (Directory.Exists(Path.Combine(exportDirectory, version.ToString(CultureInfo.InvariantCulture)))) version++;
        string final = Path.Combine(exportDirectory, version.ToString(CultureInfo.InvariantCulture));
        string temp = Path.Combine(exportDirectory, $".tmp-{version}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(temp);
        try
        {
            var signature = Signature(state);
            WriteJson(temp, BundleFiles.Model, new JsonObject
            {
                ["format"] = BundleFiles.ModelFormat,
                ["spec"] = EstimatorSpecJson.Write(state.TrainedSpec),
                ["graph"] = new JsonArray([.. GraphListing(parameters, state.TrainedSpec).Select(l => (JsonNode)JsonValue.Create(l)!)]),
            });
            CheckpointWriter.Write(Path.Combine(temp, BundleFiles.Variables), ModelCheckpoint.Variables(globalStep, parameters));
            WriteJson(temp, BundleFiles.Signature, SignatureJson.Write(signature));
            WriteJson(temp, BundleFiles.Metadata, new JsonObject
            {
                ["created"] = DateTimeOffset.UtcNow.ToString("O", CultureInfo.InvariantCulture),
                ["sluiceVersion"] = SluiceVersion,
                ["globalStep"] = globalStep,
                ["metrics"] = new JsonObject([.. metrics.Where(m => double.IsFinite(m.Value)).Select(m => KeyValuePair.Create(m.Key, (JsonNode?)m.Value))]),
            });
            WriteJson(temp, BundleFiles.Warmup, new JsonObject { ["instances"] = warmupInstances.DeepClone() });

            var files = new JsonObject();
            foreach (string name in BundleFiles.Required)
            {
                byte[] bytes = File.ReadAllBytes(Path.Combine(temp, name));
                files[name] = new JsonObject { ["bytes"] = bytes.Length, ["sha256"] = Convert.ToHexStringLower(SHA256.HashData(bytes)) };
            }
            WriteJson(temp, BundleFiles.Manifest, new JsonObject { ["format"] = BundleFiles.ManifestFormat, ["files"] = files });
            Directory.Move(temp, final);
            return final;
        }
        catch
        {
            try { Directory.Delete(temp, recursive: true); } catch (IOException) { }
            throw;
        }
    }

    /// <summary>The signature of a model dir's trained spec: inputs with kinds; numeric inputs without a default are required.</summary>
    public static ModelSignature Signature(ModelDirectoryState state)
    {
        var spec = state.TrainedSpec;
        var numeric = new Dictionary<string, NumericColumn>(StringComparer.Ordinal);
        foreach (var column in spec.LinearColumns.Concat(spec.DnnColumns)) CollectNumeric(column, numeric);
        var inputs = state.Inputs.Select(i => numeric.TryGetValue(i.Name, out var n)
            ? new SignatureInput(i.Name, i.Kind, n.DefaultValue is null, n.DefaultValue?.ToString(CultureInfo.InvariantCulture))
            : new SignatureInput(i.Name, i.Kind, false, null)).ToList();
        return new ModelSignature(inputs, PredictionKeys.For(spec.Head.Kind), spec.Head.Kind, spec.Head.ClassLabels);
    }

    /// <summary>Deletes all but the newest <paramref name="keep"/> version directories of an exporter.</summary>
    public static void KeepNewest(string exporterDirectory, int keep)
    {
        if (keep <= 0 || !Directory.Exists(exporterDirectory)) return;
        var versions = Directory.GetDirectories(exporterDirectory)
            .Select(d => (Path: d, Ok: long.TryParse(Path.GetFileName(d), NumberStyles.None, CultureInfo.InvariantCulture, out long v), Version: v))
            .Where(d => d.Ok).OrderByDescending(d => d.Version).Skip(keep);
        foreach (var old in versions) Directory.Delete(old.Path, recursive: true);
    }

    private static void CollectNumeric(FeatureColumn column, Dictionary<string, NumericColumn> found)
    {
        switch (column)
        {
            case NumericColumn n: found.TryAdd(n.Key, n); break;
            case BucketizedColumn b: found.TryAdd(b.Source.Key, b.Source); break;
            case IndicatorColumn i: CollectNumeric(i.Categorical, found); break;
            case EmbeddingColumn e: CollectNumeric(e.Categorical, found); break;
            case WeightedCategoricalColumn w: CollectNumeric(w.Categorical, found); break;
            case CrossedColumn c: foreach (var input in c.Inputs) if (input.Column is { } inner) CollectNumeric(inner, found); break;
        }
    }

    /// <summary>A readable listing of the inference computation, one line per step.</summary>
    internal static IEnumerable<string> GraphListing(NetworkParameters p, EstimatorSpec spec)
    {
        var layout = p.Layout;
        if (p.LinearWeights is { } w)
        {
            yield return $"linear_ids = sparse(linear columns: {string.Join(", ", layout.LinearColumns.Select(c => c.Name))})";
            yield return $"linear_logits = sparse_matmul(linear_ids, {w.Name}[{w.Rows}, {w.Cols}]) + {p.LinearBias!.Name}";
        }
        if (p.Kernels.Length > 0)
        {
            yield return $"dnn_input[{layout.DnnInputWidth}] = concat({string.Join(", ", layout.Segments.Select(s => $"{s.Column.Name}:{s.Width}"))})";
            string x = "dnn_input";
            for (int l = 0; l < p.Kernels.Length; l++)
            {
                bool last = l == p.Kernels.Length - 1;
                string y = last ? "dnn_logits" : $"h{l}";
                string activation = last ? "" : $"{spec.Dnn!.Activation.ToString().ToLowerInvariant()}";
                yield return $"{y} = {activation}({x} · {p.Kernels[l].Name}[{p.Kernels[l].Rows}, {p.Kernels[l].Cols}] + {p.Biases[l].Name})";
                if (!last && p.BatchNorm)
                    yield return $"{y} = batch_norm({y}, {p.Gammas[l].Name}, {p.Betas[l].Name}, {p.MovingMeans[l].Name}, {p.MovingVariances[l].Name}, epsilon={NetworkParameters.BatchNormEpsilon})";
                x = y;
            }
        }
        yield return $"logits = {(p.LinearWeights is null ? "" : "linear_logits")}{(p.LinearWeights is not null && p.Kernels.Length > 0 ? " + " : "")}{(p.Kernels.Length > 0 ? "dnn_logits" : "")}";
        yield return spec.Head.Kind switch
        {
            HeadKind.BinaryClassification => "logistic = sigmoid(logits); probabilities = [1 - logistic, logistic]; class_ids = logits > 0",
            HeadKind.MultiClassClassification => "probabilities = softmax(logits); class_ids = argmax(logits)",
            _ => "predictions = logits",
        };
    }

    internal static string SluiceVersion => typeof(BundleWriter).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";

    private static void WriteJson(string directory, string name, JsonNode node)
        => Sluice.Data.AtomicFile.WriteAllBytes(Path.Combine(directory, name), Encoding.UTF8.GetBytes(node.ToJsonString(Indented)));
}
