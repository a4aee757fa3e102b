using System.Buffers;
using System.Text.Json;
using Sluice.Data.Columns;
using Sluice.Serving.Hosting;
using Sluice.Serving.Protocol;
using Sluice.Serving.Servables;

namespace Sluice.Serving.Repository;

/// <summary>
/// Runs a few requests through a freshly loaded version before it receives traffic (so the first real request does
/// not pay for lazy initialisation and JIT): the bundle's warm-up instances, or instances synthesised from the
/// signature. They take the real path: JSON parsing, validation, the batcher and every worker's predictor.
/// </summary>
internal static class Warmup
{
    private const int MaxInstances = 16;

    public static async Task RunAsync(LoadedVersion version, ServerOptions options)
    {
        byte[] body = RequestBody(version.Servable);
        // The bundle's examples may carry columns this version does not read (e.g. the label): skip them.
        var parsed = RequestParser.ParsePredict(body, version.Signature, int.MaxValue, ignoreUnknownFeatures: true);
        for (int i = 0; i < Math.Max(1, options.WarmupRequestsPerWorker); i++) version.Batcher.WarmUp(parsed.Batch);
        // And once through the queue path, as a request would go.
        if (version.Batcher.TryEnqueue(parsed.Batch, out var result)) await result.ConfigureAwait(false);
    }

    /// <summary>
    /// <c>{"instances": [...]}</c> written with Utf8JsonWriter (the reflection serializer's first use would cost a
    /// cold start more than the warm-up itself).
    /// </summary>
    internal static byte[] RequestBody(IServable servable)
    {
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartArray("instances"u8);
            if (servable.WarmupInstances.Count > 0)
            {
                int count = Math.Min(MaxInstances, servable.WarmupInstances.Count);
                for (int i = 0; i < count; i++) WriteInstance(json, servable.WarmupInstances[i]);
            }
            else WriteSynthetic(json, servable.Signature);
            json.WriteEndArray();
            json.WriteEndObject();
        }
        return buffer.WrittenSpan.ToArray();
    }

    private static void WriteInstance(Utf8JsonWriter json, IReadOnlyDictionary<string, object?> instance)
    {
        json.WriteStartObject();
        foreach (var (name, value) in instance)
        {
            switch (value)
            {
                case null: json.WriteNull(name); break;
                case string text: json.WriteString(name, text); break;
                case bool flag: json.WriteBoolean(name, flag); break;
                case long integer: json.WriteNumber(name, integer); break;
                case int integer: json.WriteNumber(name, integer); break;
                case double number: json.WriteNumber(name, number); break;
                case float number: json.WriteNumber(name, number); break;
                case JsonElement element: json.WritePropertyName(name); element.WriteTo(json); break;
                default: json.WriteString(name, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)); break;
            }
        }
        json.WriteEndObject();
    }

    /// <summary>One instance from the signature alone: strings get their default (or ""), numbers 0.</summary>
    private static void WriteSynthetic(Utf8JsonWriter json, ServingSignature signature)
    {
        json.WriteStartObject();
        foreach (var input in signature.Inputs)
        {
            if (input.Kind == ColumnKind.String) json.WriteString(input.Name, input.DefaultValue ?? "");
            else json.WriteNumber(input.Name, 0);
        }
        json.WriteEndObject();
    }
}
