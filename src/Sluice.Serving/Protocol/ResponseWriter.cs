using System.Text.Json;
using Sluice.Serving.Batching;
using Sluice.Serving.Servables;

namespace Sluice.Serving.Protocol;

/// <summary>
/// Writes TF Serving response bodies: predict rows → <c>{"predictions": [...]}</c>, predict columns →
/// <c>{"outputs": ...}</c>, classify → <c>{"results": [[[label, score], ...], ...]}</c>, regress → <c>{"results": [...]}</c>.
/// A classifier's instance carries logits, logistic (binary), probabilities, class_ids and classes, each a list as the
/// estimator's predict dict holds it.
/// </summary>
internal static class ResponseWriter
{
    public static void WritePredict(Utf8JsonWriter json, PredictionResult result, bool columnar)
    {
        json.WriteStartObject();
        if (columnar) WriteColumns(json, result);
        else WriteRows(json, result);
        json.WriteEndObject();
    }

    private static void WriteRows(Utf8JsonWriter json, PredictionResult result)
    {
        json.WriteStartArray("predictions");
        for (int r = 0; r < result.Rows; r++)
        {
            if (result.Signature.Head == ServingHead.Regression)
            {
                WriteFloats(json, result.Logits.AsSpan(r * result.LogitCount, result.LogitCount));
                continue;
            }
            json.WriteStartObject();
            WriteRowOutputs(json, result, r);
            json.WriteEndObject();
        }
        json.WriteEndArray();
    }

    private static void WriteRowOutputs(Utf8JsonWriter json, PredictionResult result, int r)
    {
        json.WritePropertyName("logits"u8);
        WriteFloats(json, result.Logits.AsSpan(r * result.LogitCount, result.LogitCount));
        if (result.Logistic is { } logistic)
        {
            json.WritePropertyName("logistic"u8);
            WriteFloats(json, logistic.AsSpan(r, 1));
        }
        json.WritePropertyName("probabilities"u8);
        WriteFloats(json, result.Probabilities!.AsSpan(r * result.ProbabilityWidth, result.ProbabilityWidth));
        json.WriteStartArray("class_ids"u8);
        json.WriteNumberValue(result.ClassIds![r]);
        json.WriteEndArray();
        json.WriteStartArray("classes"u8);
        json.WriteStringValue(result.Classes![r]);
        json.WriteEndArray();
        if (result.Signature.EmitsAllClasses)
        {
            json.WritePropertyName("all_class_ids"u8);
            WriteClassIds(json, result.ProbabilityWidth);
            json.WritePropertyName("all_classes"u8);
            WriteClassLabels(json, result.Signature.AllClasses);
        }
    }

    private static void WriteClassIds(Utf8JsonWriter json, int count)
    {
        json.WriteStartArray();
        for (int i = 0; i < count; i++) json.WriteNumberValue(i);
        json.WriteEndArray();
    }

    private static void WriteClassLabels(Utf8JsonWriter json, IReadOnlyList<string> labels)
    {
        json.WriteStartArray();
        for (int i = 0; i < labels.Count; i++) json.WriteStringValue(labels[i]);
        json.WriteEndArray();
    }

    private static void WriteColumns(Utf8JsonWriter json, PredictionResult result)
    {
        if (result.Signature.Head == ServingHead.Regression)
        {
            json.WritePropertyName("outputs"u8);
            WriteMatrix(json, result.Logits, result.Rows, result.LogitCount);
            return;
        }
        json.WriteStartObject("outputs"u8);
        json.WritePropertyName("logits"u8);
        WriteMatrix(json, result.Logits, result.Rows, result.LogitCount);
        if (result.Logistic is { } logistic)
        {
            json.WritePropertyName("logistic"u8);
            WriteMatrix(json, logistic, result.Rows, 1);
        }
        json.WritePropertyName("probabilities"u8);
        WriteMatrix(json, result.Probabilities!, result.Rows, result.ProbabilityWidth);
        json.WriteStartArray("class_ids"u8);
        for (int r = 0; r < result.Rows; r++)
        {
            json.WriteStartArray();
            json.WriteNumberValue(result.ClassIds![r]);
            json.WriteEndArray();
        }
        json.WriteEndArray();
        json.WriteStartArray("classes"u8);
        for (int r = 0; r < result.Rows; r++)
        {
            json.WriteStartArray();
            json.WriteStringValue(result.Classes![r]);
            json.WriteEndArray();
        }
        json.WriteEndArray();
        if (result.Signature.EmitsAllClasses)
        {
            json.WriteStartArray("all_class_ids"u8);
            for (int r = 0; r < result.Rows; r++) WriteClassIds(json, result.ProbabilityWidth);
            json.WriteEndArray();
            json.WriteStartArray("all_classes"u8);
            for (int r = 0; r < result.Rows; r++) WriteClassLabels(json, result.Signature.AllClasses);
            json.WriteEndArray();
        }
        json.WriteEndObject();
    }

    /// <summary>Classify: per example every class label with its probability.</summary>
    public static void WriteClassify(Utf8JsonWriter json, PredictionResult result, IReadOnlyList<string> labels)
    {
        json.WriteStartObject();
        json.WriteStartArray("results"u8);
        for (int r = 0; r < result.Rows; r++)
        {
            json.WriteStartArray();
            var probabilities = result.Probabilities!.AsSpan(r * result.ProbabilityWidth, result.ProbabilityWidth);
            for (int j = 0; j < probabilities.Length; j++)
            {
                json.WriteStartArray();
                json.WriteStringValue(labels[j]);
                WriteFloat(json, probabilities[j]);
                json.WriteEndArray();
            }
            json.WriteEndArray();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }

    /// <summary>Regress: one number per example (the regression output, or a binary classifier's logistic).</summary>
    public static void WriteRegress(Utf8JsonWriter json, PredictionResult result)
    {
        json.WriteStartObject();
        json.WriteStartArray("results"u8);
        for (int r = 0; r < result.Rows; r++)
            WriteFloat(json, result.Logistic is { } logistic ? logistic[r] : result.Logits[r * result.LogitCount]);
        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteMatrix(Utf8JsonWriter json, float[] values, int rows, int width)
    {
        json.WriteStartArray();
        for (int r = 0; r < rows; r++) WriteFloats(json, values.AsSpan(r * width, width));
        json.WriteEndArray();
    }

    private static void WriteFloats(Utf8JsonWriter json, ReadOnlySpan<float> values)
    {
        json.WriteStartArray();
        foreach (float value in values) WriteFloat(json, value);
        json.WriteEndArray();
    }

    /// <summary>Finite floats as JSON numbers; NaN and ±Infinity as the bare tokens TF Serving emits.</summary>
    private static void WriteFloat(Utf8JsonWriter json, float value)
    {
        if (float.IsFinite(value)) json.WriteNumberValue(value);
        else json.WriteRawValue(float.IsNaN(value) ? "NaN" : value > 0 ? "Infinity" : "-Infinity", skipInputValidation: true);
    }
}
