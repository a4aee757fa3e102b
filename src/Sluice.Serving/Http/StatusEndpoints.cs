using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Data.Columns;
using Sluice.Serving.Repository;
using Sluice.Serving.Servables;

namespace Sluice.Serving.Http;

/// <summary>
/// TF Serving model status (<c>GET /v1/models/{name}[/versions/{v}|/labels/{l}]</c>) and metadata
/// (<c>.../metadata</c>: the signature def of the resolved version).
/// </summary>
internal static class StatusEndpoints
{
    public static IEndpointRouteBuilder MapModelStatusApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/models").WithTags("TF Serving status");
        group.MapGet("/{name}", StatusAll).WithName("model-status").WithSummary("Status of every version of a model.");
        group.MapGet("/{name}/versions/{version}", StatusVersion).WithName("model-status-version");
        group.MapGet("/{name}/labels/{label}", StatusLabel).WithName("model-status-label");
        group.MapGet("/{name}/metadata", MetadataLatest).WithName("model-metadata").WithSummary("Signature of the default version.");
        group.MapGet("/{name}/versions/{version}/metadata", MetadataVersion).WithName("model-metadata-version");
        group.MapGet("/{name}/labels/{label}/metadata", MetadataLabel).WithName("model-metadata-label");
        return app;
    }

    private static Task StatusAll(HttpContext context, ServingRuntime runtime, string name)
    {
        ApiKeyGate.Check(context, runtime, name);
        var model = runtime.Repository.GetModel(name);
        return WriteStatusAsync(context, model.Versions.Values.ToList());
    }

    private static Task StatusVersion(HttpContext context, ServingRuntime runtime, string name, string version)
    {
        ApiKeyGate.Check(context, runtime, name);
        long number = ModelPaths.ParseVersion(version);
        var model = runtime.Repository.GetModel(name);
        return model.Versions.TryGetValue(number, out var found)
            ? WriteStatusAsync(context, [found])
            : throw ServingException.NotFound($"Could not find version {number} of model {name}");
    }

    private static Task StatusLabel(HttpContext context, ServingRuntime runtime, string name, string label)
    {
        ApiKeyGate.Check(context, runtime, name);
        var model = runtime.Repository.GetModel(name);
        if (!model.Labels.TryGetValue(label, out long number) || !model.Versions.TryGetValue(number, out var found))
            throw ServingException.NotFound($"Unrecognized servable version label: {label} (model '{name}').");
        return WriteStatusAsync(context, [found]);
    }

    private static Task WriteStatusAsync(HttpContext context, List<ModelVersion> versions)
        => JsonResponses.WriteAsync(context, 200, versions, static (json, list) =>
        {
            json.WriteStartObject();
            json.WriteStartArray("model_version_status"u8);
            foreach (var version in list)
            {
                json.WriteStartObject();
                json.WriteString("version"u8, version.Number.ToString(CultureInfo.InvariantCulture));
                json.WriteString("state"u8, version.State.TfServing());
                json.WriteStartObject("status"u8);
                json.WriteString("error_code"u8, version.State == VersionState.Failed ? "UNKNOWN" : "OK");
                json.WriteString("error_message"u8, version.Error ?? "");
                json.WriteEndObject();
                json.WriteEndObject();
            }
            json.WriteEndArray();
            json.WriteEndObject();
        });

    private static Task MetadataLatest(HttpContext context, ServingRuntime runtime, string name) => MetadataAsync(context, runtime, name, null, null);

    private static Task MetadataVersion(HttpContext context, ServingRuntime runtime, string name, string version)
        => MetadataAsync(context, runtime, name, ModelPaths.ParseVersion(version), null);

    private static Task MetadataLabel(HttpContext context, ServingRuntime runtime, string name, string label) => MetadataAsync(context, runtime, name, null, label);

    private static async Task MetadataAsync(HttpContext context, ServingRuntime runtime, string name, long? version, string? label)
    {
        ApiKeyGate.Check(context, runtime, name);
        using var lease = runtime.Repository.Acquire(name, version, label);
        var state = (Name: name, Version: lease.Version.Number, Signature: lease.Loaded.Signature);
        await JsonResponses.WriteAsync(context, 200, state, static (json, s) => WriteMetadata(json, s.Name, s.Version, s.Signature)).ConfigureAwait(false);
    }

    private static void WriteMetadata(Utf8JsonWriter json, string name, long version, ServingSignature signature)
    {
        json.WriteStartObject();
        json.WriteStartObject("model_spec"u8);
        json.WriteString("name"u8, name);
        json.WriteString("signature_name"u8, "");
        json.WriteString("version"u8, version.ToString(CultureInfo.InvariantCulture));
        json.WriteEndObject();
        json.WriteStartObject("metadata"u8);
        json.WriteStartObject("signature_def"u8);
        json.WriteStartObject("signature_def"u8);
        json.WriteStartObject("serving_default"u8);
        json.WriteStartObject("inputs"u8);
        foreach (var input in signature.Inputs)
        {
            string dtype = input.Kind switch { ColumnKind.Float32 => "DT_FLOAT", ColumnKind.Int64 => "DT_INT64", _ => "DT_STRING" };
            WriteTensorInfo(json, input.Name, dtype, 1);
        }
        json.WriteEndObject();
        json.WriteStartObject("outputs"u8);
        int k = signature.LogitCount, width = signature.Head == ServingHead.BinaryClassification ? 2 : k;
        foreach (string output in signature.Outputs)
        {
            var (dtype, size) = output switch
            {
                "logits" or "predictions" => ("DT_FLOAT", k),
                "probabilities" => ("DT_FLOAT", width),
                "logistic" => ("DT_FLOAT", 1),
                "class_ids" => ("DT_INT64", 1),
                "all_classes" => ("DT_STRING", width),
                "all_class_ids" => ("DT_INT64", width),
                _ => ("DT_STRING", 1),
            };
            WriteTensorInfo(json, output, dtype, size);
        }
        json.WriteEndObject();
        json.WriteString("method_name"u8, "tensorflow/serving/predict");
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteStartObject("sluice"u8);
        json.WriteString("head"u8, signature.Head.ToString());
        if (signature.ClassLabels is { } labels)
        {
            json.WriteStartArray("class_labels"u8);
            foreach (string label in labels) json.WriteStringValue(label);
            json.WriteEndArray();
        }
        json.WriteStartArray("inputs"u8);
        foreach (var input in signature.Inputs)
        {
            json.WriteStartObject();
            json.WriteString("name"u8, input.Name);
            json.WriteString("kind"u8, input.Kind.ToString());
            json.WriteBoolean("required"u8, input.Required);
            if (input.DefaultValue is { } d) json.WriteString("default"u8, d);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteEndObject();
        json.WriteEndObject();
    }

    private static void WriteTensorInfo(Utf8JsonWriter json, string name, string dtype, int size)
    {
        json.WriteStartObject(name);
        json.WriteString("dtype"u8, dtype);
        json.WriteStartObject("tensor_shape"u8);
        json.WriteStartArray("dim"u8);
        json.WriteStartObject();
        json.WriteString("size"u8, "-1");
        json.WriteString("name"u8, "");
        json.WriteEndObject();
        json.WriteStartObject();
        json.WriteString("size"u8, size.ToString(CultureInfo.InvariantCulture));
        json.WriteString("name"u8, "");
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteBoolean("unknown_rank"u8, false);
        json.WriteEndObject();
        json.WriteString("name"u8, name);
        json.WriteEndObject();
    }
}
