namespace Sluice.Estimators.Export;

/// <summary>The file names inside an export bundle (see docs/export-format.md).</summary>
internal static class BundleFiles
{
    public const string Model = "model.json";
    public const string Variables = "variables.bin";
    public const string Signature = "signature.json";
    public const string Metadata = "metadata.json";
    public const string Warmup = "warmup.json";
    public const string Manifest = "manifest.json";
    public const string ModelFormat = "sluice-model/1";
    public const string ManifestFormat = "sluice-bundle/1";

    public static readonly string[] Required = [Model, Variables, Signature, Metadata, Warmup];
}
