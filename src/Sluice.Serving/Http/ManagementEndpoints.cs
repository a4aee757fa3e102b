using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Sluice.Serving.Http;

/// <summary>
/// Model and version management in the style of Cloud ML Engine (<c>/v1/projects/{project}/models...</c>; the
/// project segment is accepted for compatibility and otherwise ignored). Needs an admin key.
/// </summary>
internal static class ManagementEndpoints
{
    public static IEndpointRouteBuilder MapManagementApi(this IEndpointRouteBuilder app)
    {
        var models = app.MapGroup("/v1/projects/{project}/models").WithTags("Management");
        models.MapPost("", CreateModel).WithName("create-model");
        models.MapGet("", ListModels).WithName("list-models");
        models.MapGet("/{model}", GetModel).WithName("get-model");
        models.MapDelete("/{model}", DeleteModel).WithName("delete-model");
        models.MapPost("/{model}/versions", CreateVersion).WithName("create-version")
            .WithSummary("Creates a version from an export folder; it is CREATING until loaded and warmed up, then READY or FAILED.");
        models.MapGet("/{model}/versions", ListVersions).WithName("list-versions");
        models.MapGet("/{model}/versions/{version}", GetVersion).WithName("get-version");
        models.MapDelete("/{model}/versions/{version}", DeleteVersion).WithName("delete-version");
        models.MapPost("/{model}/versions/{version}:setDefault", SetDefault).WithName("set-default-version");
        models.MapPut("/{model}/labels/{label}", SetLabel).WithName("set-label");
        models.MapDelete("/{model}/labels/{label}", DeleteLabel).WithName("delete-label");
        return app;
    }

    private static Ok<ModelDto> CreateModel(HttpContext context, ServingRuntime runtime, CreateModelRequest request)
    {
        ApiKeyGate.Check(context, runtime, null, management: true);
        if (string.IsNullOrEmpty(request.Name)) throw ServingException.BadRequest("name: required.");
        return TypedResults.Ok(ManagementMapping.ToDto(runtime.Repository.CreateModel(request.Name, request.Description)));
    }

    private static Ok<ModelListDto> ListModels(HttpContext context, ServingRuntime runtime)
    {
        ApiKeyGate.Check(context, runtime, null, management: true);
        return TypedResults.Ok(new ModelListDto([.. runtime.Repository.Models.Select(ManagementMapping.ToDto)]));
    }

    private static Ok<ModelDto> GetModel(HttpContext context, ServingRuntime runtime, string model)
    {
        ApiKeyGate.Check(context, runtime, null, management: true);
        return TypedResults.Ok(ManagementMapping.ToDto(runtime.Repository.GetModel(model)));
    }

    private static async Task<Ok<EmptyDto>> DeleteModel(HttpContext context, ServingRuntime runtime, string model)
    {
        ApiKeyGate.Check(context, runtime, null, management: true);
        await runtime.Repository.DeleteModelAsync(model).ConfigureAwait(false);
        return TypedResults.Ok(new EmptyDto());
    }

    private static Ok<VersionDto> CreateVersion(HttpContext context, ServingRuntime runtime, string model, CreateVersionRequest request)
    {
        ApiKeyGate.Check(context, runtime, null, management: true);
        if (string.IsNullOrEmpty(request.DeploymentUri)) throw ServingException.BadRequest("deploymentUri: required (the export folder).");
        long? number = request.Name is { Length: > 0 } name ? ModelPaths.ParseVersion(name) : null;
        var version = runtime.Repository.CreateVersion(model, number, request.DeploymentUri);
        return TypedResults.Ok(ManagementMapping.ToDto(runtime.Repository.GetModel(model), version));
    }

    private static Ok<VersionListDto> ListVersions(HttpContext context, ServingRuntime runtime, string model)
    {
        ApiKeyGate.Check(context, runtime, null, management: true);
        var found = runtime.Repository.GetModel(model);
        return TypedResults.Ok(new VersionListDto([.. found.Versions.Values.Select(v => ManagementMapping.ToDto(found, v))]));
    }

    private static Ok<VersionDto> GetVersion(HttpContext context, ServingRuntime runtime, string model, string version)
    {
        ApiKeyGate.Check(context, runtime, null, management: true);
        var found = runtime.Repository.GetModel(model);
        long number = ModelPaths.ParseVersion(version);
        return found.Versions.TryGetValue(number, out var v)
            ? TypedResults.Ok(ManagementMapping.ToDto(found, v))
            : throw ServingException.NotFound($"Model '{model}' has no version {number}.");
    }

    private static async Task<Ok<EmptyDto>> DeleteVersion(HttpContext context, ServingRuntime runtime, string model, string version)
    {
        ApiKeyGate.Check(context, runtime, null, management: true);
        await runtime.Repository.DeleteVersionAsync(model, ModelPaths.ParseVersion(version)).ConfigureAwait(false);
        return TypedResults.Ok(new EmptyDto());
    }

    private static Ok<VersionDto> SetDefault(HttpContext context, ServingRuntime runtime, string model, string version)
    {
        ApiKeyGate.Check(context, runtime, null, management: true);
        long number = ModelPaths.ParseVersion(version);
        runtime.Repository.SetDefault(model, number);
        var found = runtime.Repository.GetModel(model);
        return TypedResults.Ok(ManagementMapping.ToDto(found, found.Versions[number]));
    }

    private static Ok<ModelDto> SetLabel(HttpContext context, ServingRuntime runtime, string model, string label, SetLabelRequest request)
    {
        ApiKeyGate.Check(context, runtime, null, management: true);
        runtime.Repository.SetLabel(model, label, ModelPaths.ParseVersion(request.Version));
        return TypedResults.Ok(ManagementMapping.ToDto(runtime.Repository.GetModel(model)));
    }

    private static Ok<ModelDto> DeleteLabel(HttpContext context, ServingRuntime runtime, string model, string label)
    {
        ApiKeyGate.Check(context, runtime, null, management: true);
        runtime.Repository.SetLabel(model, label, null);
        return TypedResults.Ok(ManagementMapping.ToDto(runtime.Repository.GetModel(model)));
    }
}

/// <summary>An empty JSON object (ML Engine answers deletes with an operation; we finish synchronously).</summary>
public sealed record EmptyDto;
