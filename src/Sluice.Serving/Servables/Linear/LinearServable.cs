using System.Text.Json;
using Sluice.Data.Columns;

namespace Sluice.Serving.Servables.Linear;

/// <summary>Loads and serves a <c>linear-model.json</c> bundle (see <see cref="LinearModelDefinition"/>).</summary>
internal sealed class LinearServable : IServable
{
    public const string FileName = "linear-model.json";

    private LinearServable(ServingSignature signature, LinearWeights weights, IReadOnlyList<IReadOnlyDictionary<string, object?>> warmup)
    {
        Signature = signature;
        Weights = weights;
        WarmupInstances = warmup;
    }

    public ServingSignature Signature { get; }
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> WarmupInstances { get; }
    internal LinearWeights Weights { get; }

    public static bool CanLoad(string directory) => File.Exists(Path.Combine(directory, FileName));

    public static LinearServable Load(string directory)
    {
        BundleManifest.Verify(directory);
        string path = Path.Combine(directory, FileName);
        LinearModelDefinition definition;
        try
        {
            definition = JsonSerializer.Deserialize<LinearModelDefinition>(File.ReadAllBytes(path))
                ?? throw new ServableLoadException($"{path}: empty model definition.");
        }
        catch (JsonException e)
        {
            throw new ServableLoadException($"{path}: {e.Message}", e);
        }
        var head = definition.Head switch
        {
            "binary" => ServingHead.BinaryClassification,
            "multiclass" => ServingHead.MultiClassClassification,
            "regression" => ServingHead.Regression,
            _ => throw new ServableLoadException($"{path}: head '{definition.Head}' is not binary, multiclass or regression."),
        };
        var inputs = new ServingInput[definition.Inputs.Length];
        for (int i = 0; i < inputs.Length; i++)
        {
            var input = definition.Inputs[i];
            var kind = input.Kind switch
            {
                "float32" => ColumnKind.Float32,
                "int64" => ColumnKind.Int64,
                "string" => ColumnKind.String,
                _ => throw new ServableLoadException($"{path}: inputs[{i}].kind '{input.Kind}' is not float32, int64 or string."),
            };
            inputs[i] = new ServingInput(input.Name, kind, input.Required, input.Default);
        }
        var signature = new ServingSignature(inputs, ServingSignature.DefaultOutputs(head), head, definition.ClassLabels);
        var weights = LinearWeights.From(definition, signature, path);
        var warmup = definition.Warmup is null
            ? (IReadOnlyList<IReadOnlyDictionary<string, object?>>)[]
            : [.. definition.Warmup.Select(w => (IReadOnlyDictionary<string, object?>)w)];
        return new LinearServable(signature, weights, warmup);
    }

    public IServablePredictor CreatePredictor(int maxBatchSize) => new LinearPredictor(this, maxBatchSize);

    public void Dispose() { }
}
