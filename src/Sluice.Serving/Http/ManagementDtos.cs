using System.Globalization;
using Sluice.Serving.Repository;

namespace Sluice.Serving.Http;

// ML Engine style resources (camelCase JSON), separate from the repository's domain types.

/// <summary>Body of <c>POST .../models</c>.</summary>
public sealed record CreateModelRequest(string Name, string? Description);

/// <summary>Body of <c>POST .../models/{m}/versions</c>: the export bundle folder, and optionally the version number.</summary>
public sealed record CreateVersionRequest(string DeploymentUri, string? Name);

/// <summary>Body of <c>PUT .../models/{m}/labels/{label}</c>.</summary>
public sealed record SetLabelRequest(string Version);

/// <summary>A model resource.</summary>
public sealed record ModelDto(string Name, string? Description, string? DefaultVersion, string? BasePath, string VersionPolicy,
    IReadOnlyDictionary<string, string> Labels, DateTime CreateTime);

/// <summary>A version resource; <c>State</c> is CREATING, READY, FAILED or DELETING.</summary>
public sealed record VersionDto(string Name, string DeploymentUri, bool IsDefault, string State, string? ErrorMessage,
    DateTime CreateTime, double? LoadSeconds, IReadOnlyList<string> Labels);

/// <summary><c>GET .../models</c>.</summary>
public sealed record ModelListDto(IReadOnlyList<ModelDto> Models);

/// <summary><c>GET .../models/{m}/versions</c>.</summary>
public sealed record VersionListDto(IReadOnlyList<VersionDto> Versions);

internal static class ManagementMapping
{
    public static ModelDto ToDto(ServedModel model) => new(
        model.Name, model.Description, model.DefaultVersion?.ToString(CultureInfo.InvariantCulture), model.BasePath,
        model.Policy.ToString(), model.Labels.ToDictionary(l => l.Key, l => l.Value.ToString(CultureInfo.InvariantCulture)),
        model.CreatedUtc);

    public static VersionDto ToDto(ServedModel model, ModelVersion version) => new(
        version.Number.ToString(CultureInfo.InvariantCulture), version.Origin, model.DefaultVersion == version.Number,
        version.State.MlEngine(), version.Error, version.CreatedUtc, version.LoadSeconds,
        [.. model.Labels.Where(l => l.Value == version.Number).Select(l => l.Key).Order(StringComparer.Ordinal)]);
}
