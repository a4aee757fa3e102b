using Sluice.Estimators.Export;
using Sluice.Estimators.Heads;

namespace Sluice.Serving.Servables.Estimator;

/// <summary>
/// An estimator export bundle (<see cref="ExportedModel"/>) as a servable: the same feature columns that trained the
/// model transform the served instances (no training/serving skew). Loading verifies the bundle's manifest.
/// </summary>
internal sealed class ExportedModelServable : IServable
{
    private readonly ExportedModel _model;

    private ExportedModelServable(ExportedModel model)
    {
        _model = model;
        var signature = model.Signature;
        var head = signature.Head switch
        {
            HeadKind.BinaryClassification => ServingHead.BinaryClassification,
            HeadKind.MultiClassClassification => ServingHead.MultiClassClassification,
            _ => ServingHead.Regression,
        };
        Signature = new ServingSignature(
            [.. signature.Inputs.Select(i => new ServingInput(i.Name, i.Kind, i.Required, i.DefaultValue))],
            signature.Outputs, head, signature.ClassLabels);
    }

    public ServingSignature Signature { get; }
    public IReadOnlyList<IReadOnlyDictionary<string, object?>> WarmupInstances => _model.WarmupInstances;

    /// <summary>An estimator export has <c>model.json</c> beside its manifest.</summary>
    public static bool CanLoad(string directory) => File.Exists(Path.Combine(directory, "model.json"));

    public static ExportedModelServable Load(string directory)
    {
        try { return new ExportedModelServable(ExportedModel.Load(directory)); }
        catch (ExportBundleException e) { throw new ServableLoadException(e.Message, e); }
    }

    public IServablePredictor CreatePredictor(int maxBatchSize) => new ExportedModelPredictor(_model.CreatePredictor(maxBatchSize), Signature);

    public void Dispose() { }
}
