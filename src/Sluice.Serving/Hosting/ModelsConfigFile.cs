using Sluice.Serving.Repository;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace Sluice.Serving.Hosting;

/// <summary>
/// <c>models.yaml</c> for <c>sluice serve --config</c>: the YAML twin of TF Serving's model_config_list.
/// <code>
/// models:
///   - name: census
///     basePath: /srv/models/census
///     versionPolicy: latest:2        # latest[:N] | all | specific:3,5
///     labels: { stable: 1700000000, canary: 1700000100 }
/// </code>
/// </summary>
public static class ModelsConfigFile
{
    private sealed class FileShape
    {
        public List<ModelShape> Models { get; set; } = [];
    }

    private sealed class ModelShape
    {
        public string? Name { get; set; }
        public string? BasePath { get; set; }
        public string? VersionPolicy { get; set; }
        public Dictionary<string, long>? Labels { get; set; }
    }

    /// <summary>Reads the file; relative base paths are relative to the file. Errors name the file and the model entry.</summary>
    public static IReadOnlyList<ModelSource> Load(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"{path}: models config file not found.", path);
        var deserializer = new DeserializerBuilder().WithNamingConvention(CamelCaseNamingConvention.Instance).Build();
        FileShape shape;
        try { shape = deserializer.Deserialize<FileShape>(File.ReadAllText(path)) ?? new FileShape(); }
        catch (YamlException e) { throw new FormatException($"{path}: line {e.Start.Line}, column {e.Start.Column}: {e.InnerException?.Message ?? e.Message}", e); }
        string directory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var sources = new List<ModelSource>();
        for (int i = 0; i < shape.Models.Count; i++)
        {
            var model = shape.Models[i];
            if (string.IsNullOrEmpty(model.Name)) throw new FormatException($"{path}: models[{i}].name is required.");
            if (string.IsNullOrEmpty(model.BasePath)) throw new FormatException($"{path}: models[{i}].basePath is required.");
            VersionPolicy? policy;
            try { policy = model.VersionPolicy is null ? null : VersionPolicy.Parse(model.VersionPolicy); }
            catch (FormatException e) { throw new FormatException($"{path}: models[{i}].versionPolicy: {e.Message}", e); }
            sources.Add(new ModelSource(model.Name, Path.Combine(directory, model.BasePath), policy, model.Labels));
        }
        return sources;
    }
}
