using Sluice.Serving.Client;

namespace Sluice.Jobs.Deploy;

/// <summary>Turns ML Engine model / version names into the export folder the model server serves them from.</summary>
public static class ModelResolver
{
    /// <param name="modelName"><c>m</c> or <c>projects/p/models/m</c>: the model's default version.</param>
    /// <param name="versionName"><c>m/versions/v</c> or <c>projects/p/models/m/versions/v</c>.</param>
    public static async Task<string> ResolveAsync(ServingClient client, string? modelName, string? versionName, CancellationToken cancellation)
    {
        if (versionName is not null)
        {
            string name = StripProject(versionName);
            int split = name.IndexOf("/versions/", StringComparison.Ordinal);
            if (split <= 0) throw new FormatException($"predictionInput.versionName: '{versionName}' is not <model>/versions/<version>.");
            return (await client.GetVersionAsync(name[..split], name[(split + "/versions/".Length)..], cancellation).ConfigureAwait(false)).DeploymentUri;
        }
        string model = StripProject(modelName ?? throw new FormatException("predictionInput: give modelName, versionName or uri."));
        var dto = await client.GetModelAsync(model, cancellation).ConfigureAwait(false);
        if (dto.DefaultVersion is null) throw new FormatException($"predictionInput.modelName: model '{model}' has no default version.");
        return (await client.GetVersionAsync(model, dto.DefaultVersion, cancellation).ConfigureAwait(false)).DeploymentUri;
    }

    private static string StripProject(string name)
    {
        if (name.StartsWith("projects/", StringComparison.Ordinal))
        {
            int models = name.IndexOf("/models/", StringComparison.Ordinal);
            if (models > 0) return name[(models + "/models/".Length)..];
        }
        return name.StartsWith("models/", StringComparison.Ordinal) ? name["models/".Length..] : name;
    }
}
