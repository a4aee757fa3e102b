using System.Text.Json;
using System.Text.Json.Serialization;

namespace Sluice.Serving.Http;

// Shapes for the OpenAPI document. The inference path reads and writes these with Utf8JsonReader/Writer directly.

/// <summary>TF Serving predict body: exactly one of <c>instances</c> (rows) or <c>inputs</c> (columns).</summary>
internal sealed record PredictRequestDto(
    [property: JsonPropertyName("signature_name")] string? SignatureName,
    [property: JsonPropertyName("instances")] IReadOnlyList<Dictionary<string, JsonElement>>? Instances,
    [property: JsonPropertyName("inputs")] Dictionary<string, JsonElement>? Inputs);

/// <summary>Row answer: one object per instance (logits, logistic, probabilities, class_ids, classes).</summary>
internal sealed record PredictResponseDto(
    [property: JsonPropertyName("predictions")] IReadOnlyList<Dictionary<string, JsonElement>>? Predictions,
    [property: JsonPropertyName("outputs")] Dictionary<string, JsonElement>? Outputs);

/// <summary>Every error: <c>{"error": "..."}</c>.</summary>
internal sealed record ErrorDto([property: JsonPropertyName("error")] string Error);
