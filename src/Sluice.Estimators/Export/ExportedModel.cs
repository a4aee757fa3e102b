using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Estimators.Features;
using Sluice.Estimators.Heads;
using Sluice.Estimators.Model;
using Sluice.Estimators.Serialization;
using Sluice.Estimators.Training;
using Sluice.Learning.Checkpoints;

namespace Sluice.Estimators.Export;

/// <summary>
/// A loaded, verified export bundle: read-only and thread-safe; each worker thread gets its own
/// <see cref="Predictor"/>. Loading checks the manifest first — every listed file present with its size and SHA-256,
/// no unlisted files — and refuses anything else with an <see cref="ExportBundleException"/> naming the file. Only the
/// inference path (feature columns + forward pass) is built.
/// </summary>
public sealed class ExportedModel
{
    private readonly FeatureLayout _layout;
    private readonly NetworkParameters _parameters;
    private readonly HeadOptions _head;

    private ExportedModel(string directory, FeatureLayout layout, NetworkParameters parameters, HeadOptions head, ModelSignature signature, ExportMetadata metadata, IReadOnlyList<IReadOnlyDictionary<string, object?>> warmup, IReadOnlyList<string> graph)
    {
        Directory = directory;
        _layout = layout;
        _parameters = parameters;
        _head = head;
        Signature = signature;
        Metadata = metadata;
        WarmupInstances = warmup;
        Graph = graph;
    }

    public string Directory { get; }
    public ModelSignature Signature { get; }
    public ExportMetadata Metadata { get; }
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> WarmupInstances { get; }

    /// <summary>The inference computation as a readable listing (from model.json).</summary>
    public IReadOnlyList<string> Graph { get; }

    public Predictor CreatePredictor(int maxBatchSize) => new(_layout, _parameters, _head, Signature, maxBatchSize);

    /// <summary>Loads and verifies the bundle in <paramref name="exportDirectory"/> (a <c>&lt;unix-seconds&gt;</c> directory).</summary>
    public static ExportedModel Load(string exportDirectory)
    {
        string dir = Path.GetFullPath(exportDirectory);
        if (!System.IO.Directory.Exists(dir)) throw new ExportBundleException(dir, "(directory)", "does not exist.");
        VerifyManifest(dir);
        try
        {
            var model = ReadJson(dir, BundleFiles.Model);
            if (model.OptionalString("format") != BundleFiles.ModelFormat)
                throw new ExportBundleException(dir, BundleFiles.Model, $"format is '{model.OptionalString("format")}', expected '{BundleFiles.ModelFormat}'.");
            var spec = EstimatorSpecJson.Read(model.Object("spec"), _ => null);
            var layout = new FeatureLayout(spec.LinearColumns, spec.DnnColumns);
            var head = Head.Create(spec.Head);
            var parameters = new NetworkParameters(layout, head.LogitsDimension, spec.Dnn?.HiddenUnits ?? [], spec.Dnn?.Activation ?? Activation.Relu, spec.Dnn?.BatchNorm ?? false);
            string variablesPath = Path.Combine(dir, BundleFiles.Variables);
            var variables = CheckpointManager.Load(variablesPath);
            ModelCheckpoint.RestoreVariables(variables, parameters);
            long step = variables.GlobalStep;

            var signature = SignatureJson.Read(ReadJson(dir, BundleFiles.Signature));
            var meta = ReadJson(dir, BundleFiles.Metadata);
            var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
            if (meta.OptionalObject("metrics") is { } m)
                foreach (var (key, _) in m.Node) metrics[key] = m.OptionalDouble(key) ?? double.NaN;
            var created = DateTimeOffset.Parse(meta.String("created"), CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind);
            var metadata = new ExportMetadata(created, meta.OptionalString("sluiceVersion") ?? "unknown", meta.OptionalLong("globalStep") ?? step, metrics);
            var warmup = WarmupStore.ToValues(ReadJson(dir, BundleFiles.Warmup).OptionalArray("instances") ?? []);
            return new ExportedModel(dir, layout, parameters, spec.Head, signature, metadata, warmup, model.OptionalStrings("graph") ?? []);
        }
        catch (SpecFormatException e)
        {
            throw new ExportBundleException(dir, e.File ?? BundleFiles.Model, e.Message, e);
        }
        catch (Exception e) when (e is InvalidDataException or CheckpointCorruptException or KeyNotFoundException)
        {
            throw new ExportBundleException(dir, BundleFiles.Variables, e.Message, e);
        }
    }

    private static void VerifyManifest(string dir)
    {
        string manifestPath = Path.Combine(dir, BundleFiles.Manifest);
        if (!File.Exists(manifestPath)) throw new ExportBundleException(dir, BundleFiles.Manifest, "is missing: the bundle is partial or not a Sluice export.");
        var manifest = ReadJson(dir, BundleFiles.Manifest);
        if (manifest.OptionalString("format") != BundleFiles.ManifestFormat)
            throw new ExportBundleException(dir, BundleFiles.Manifest, $"format is '{manifest.OptionalString("format")}', expected '{BundleFiles.ManifestFormat}'.");
        var files = manifest.OptionalObject("files") ?? throw new ExportBundleException(dir, BundleFiles.Manifest, "has no 'files' map.");
        foreach (string required in BundleFiles.Required)
            if (!files.Has(required)) throw new ExportBundleException(dir, BundleFiles.Manifest, $"does not list '{required}'.");
        foreach (var (name, _) in files.Node)
        {
            var entry = files.Object(name);
            string path = Path.Combine(dir, name);
            if (name.Contains('/') || name.Contains('\\') || name.StartsWith('.')) throw new ExportBundleException(dir, name, "is not a plain file name.");
            if (!File.Exists(path)) throw new ExportBundleException(dir, name, "is listed in the manifest but missing: the bundle is partial.");
            byte[] bytes = File.ReadAllBytes(path);
            if (entry.OptionalLong("bytes") is { } size && size != bytes.Length)
                throw new ExportBundleException(dir, name, $"has {bytes.Length} bytes but the manifest says {size}: the file was changed or truncated.");
            string actual = Convert.ToHexStringLower(SHA256.HashData(bytes));
            if (!string.Equals(actual, entry.OptionalString("sha256"), StringComparison.OrdinalIgnoreCase))
                throw new ExportBundleException(dir, name, "SHA-256 does not match the manifest: the file was tampered with or corrupted.");
        }
        foreach (string file in System.IO.Directory.EnumerateFileSystemEntries(dir))
        {
            string name = Path.GetFileName(file);
            if (name != BundleFiles.Manifest && !files.Has(name)) throw new ExportBundleException(dir, name, "is not listed in the manifest: the bundle was modified.");
        }
    }

    private static JsonFields ReadJson(string dir, string name)
    {
        try
        {
            return new JsonFields(JsonNode.Parse(File.ReadAllText(Path.Combine(dir, name))) as JsonObject ?? throw new ExportBundleException(dir, name, "must hold a JSON object."), "");
        }
        catch (JsonException e)
        {
            throw new ExportBundleException(dir, name, $"is not valid JSON: {e.Message}", e);
        }
    }
}
