using System.Text.Json.Serialization;

namespace Sluice.Serving.Servables.Linear;

/// <summary>
/// <c>linear-model.json</c>: a small, self-describing linear model (logit = bias + Σ weight·value for numeric inputs
/// + Σ weight[value] for categorical inputs). The server's own light bundle format, used for load tests and by the
/// tests, beside the estimators' export bundles.
/// </summary>
internal sealed record LinearModelDefinition(
    [property: JsonPropertyName("head")] string Head,
    [property: JsonPropertyName("classLabels")] string[]? ClassLabels,
    [property: JsonPropertyName("inputs")] LinearInputDefinition[] Inputs,
    [property: JsonPropertyName("bias")] float[] Bias,
    [property: JsonPropertyName("numeric")] Dictionary<string, float[]>? Numeric,
    [property: JsonPropertyName("categorical")] Dictionary<string, Dictionary<string, float[]>>? Categorical,
    [property: JsonPropertyName("warmup")] Dictionary<string, object?>[]? Warmup);

internal sealed record LinearInputDefinition(
    [property: JsonPropertyName("name")] string Name,
    [property: JsonPropertyName("kind")] string Kind,
    [property: JsonPropertyName("required")] bool Required = true,
    [property: JsonPropertyName("default")] string? Default = null);
