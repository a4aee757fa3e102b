using Sluice.Estimators.Heads;

namespace Sluice.Estimators.Export;

/// <summary>
/// The serving signature of an export: raw feature inputs, output keys (TF prediction keys for the head), the head
/// kind and, for classifiers, the class labels in class-id order.
/// </summary>
public sealed record ModelSignature(
    IReadOnlyList<SignatureInput> Inputs,
    IReadOnlyList<string> Outputs,
    HeadKind Head,
    IReadOnlyList<string>? ClassLabels);
