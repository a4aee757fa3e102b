using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Sluice.Serving.Batching;
using Sluice.Serving.Protocol;
using Sluice.Serving.Servables;

namespace Sluice.Serving.Http;

/// <summary>
/// TF Serving inference: <c>POST /v1/models/{name}[/versions/{v}|/labels/{l}]:(predict|classify|regress)</c>.
/// The body is parsed and validated against the version's signature, queued to its batcher and answered in
/// TF Serving's response shapes.
/// </summary>
internal static class PredictionEndpoints
{
    // No .Accepts<T>(): it would make routing match on Content-Type, and TF Serving clients (curl -d) often send
    // form or no content type. The body is always parsed as JSON.
    public static IEndpointRouteBuilder MapPredictionApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/v1/models").WithTags("TF Serving inference");
        group.MapPost("/{name}:{verb}", PredictLatest).WithName("predict")
            .WithSummary("Predict, classify or regress with the model's default version.")
            .Produces<PredictResponseDto>().Produces<ErrorDto>(400);
        group.MapPost("/{name}/versions/{version}:{verb}", PredictVersion).WithName("predict-version")
            .WithSummary("Predict, classify or regress with a specific version.")
            .Produces<PredictResponseDto>().Produces<ErrorDto>(400);
        group.MapPost("/{name}/labels/{label}:{verb}", PredictLabel).WithName("predict-label")
            .WithSummary("Predict, classify or regress with the version a label points at.")
            .Produces<PredictResponseDto>().Produces<ErrorDto>(400);
        return app;
    }

    private static Task PredictLatest(HttpContext context, ServingRuntime runtime, string name, string verb)
        => RunAsync(context, runtime, name, null, null, verb);

    private static Task PredictVersion(HttpContext context, ServingRuntime runtime, string name, string version, string verb)
        => RunAsync(context, runtime, name, ModelPaths.ParseVersion(version), null, verb);

    private static Task PredictLabel(HttpContext context, ServingRuntime runtime, string name, string label, string verb)
        => RunAsync(context, runtime, name, null, label, verb);

    private enum Verb { Predict, Classify, Regress }

    private static async Task RunAsync(HttpContext context, ServingRuntime runtime, string name, long? version, string? label, string verbText)
    {
        var verb = verbText switch
        {
            "predict" => Verb.Predict,
            "classify" => Verb.Classify,
            "regress" => Verb.Regress,
            _ => throw ServingException.BadRequest($"Malformed request: POST {context.Request.Path}; the verb must be :predict, :classify or :regress."),
        };
        ApiKeyGate.Check(context, runtime, name);
        using var body = await RequestBody.ReadAsync(context, runtime.Options.MaxRequestBodyBytes).ConfigureAwait(false);
        using var lease = runtime.Repository.Acquire(name, version, label);
        var signature = lease.Loaded.Signature;
        CheckVerbFitsHead(verb, signature);
        var parsed = verb == Verb.Predict
            ? RequestParser.ParsePredict(body.Span, signature, runtime.Options.MaxInstancesPerRequest, runtime.Options.IgnoreUnknownFeatures)
            : RequestParser.ParseExamples(body.Span, signature, runtime.Options.MaxInstancesPerRequest, runtime.Options.IgnoreUnknownFeatures);
        CheckSignatureName(parsed.SignatureName, verb);
        if (!lease.Loaded.Batcher.TryEnqueue(parsed.Batch, out var pending))
            throw new ServingException(429, $"Model '{name}' version {lease.Version.Number} has a full request queue ({runtime.Options.Batching.QueueCapacity}); retry later.");
        var result = await pending.ConfigureAwait(false);
        runtime.Metrics.ObserveInstances(result.Rows);
        await JsonResponses.WriteAsync(context, 200, (result, parsed.Columnar, verb), static (json, state) =>
        {
            var (prediction, columnar, v) = state;
            switch (v)
            {
                case Verb.Classify: ResponseWriter.WriteClassify(json, prediction, Labels(prediction.Signature)); break;
                case Verb.Regress: ResponseWriter.WriteRegress(json, prediction); break;
                default: ResponseWriter.WritePredict(json, prediction, columnar); break;
            }
        }).ConfigureAwait(false);
    }

    private static void CheckVerbFitsHead(Verb verb, ServingSignature signature)
    {
        if (verb == Verb.Classify && signature.Head == ServingHead.Regression)
            throw ServingException.BadRequest("Expected classification signature method_name to be tensorflow/serving/classify: this model is a regressor; use :regress or :predict.");
        if (verb == Verb.Regress && signature.Head == ServingHead.MultiClassClassification)
            throw ServingException.BadRequest("Expected regression signature method_name to be tensorflow/serving/regress: this model is a multi-class classifier; use :classify or :predict.");
    }

    private static void CheckSignatureName(string? name, Verb verb)
    {
        if (name is null or "serving_default" or "predict") return;
        if (name == "classification" && verb == Verb.Classify) return;
        if (name == "regression" && verb == Verb.Regress) return;
        throw ServingException.BadRequest($"Serving signature name: \"{name}\" not found in signature def (use serving_default, predict, classification or regression).");
    }

    private static IReadOnlyList<string> Labels(ServingSignature signature)
    {
        int count = signature.Head == ServingHead.BinaryClassification ? 2 : signature.LogitCount;
        var labels = new string[count];
        for (int i = 0; i < count; i++)
            labels[i] = signature.ClassLabels is { } names && i < names.Count ? names[i] : i.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return labels;
    }
}
