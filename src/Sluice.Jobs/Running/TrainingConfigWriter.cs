using System.Globalization;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using Sluice.Jobs.Spec;

namespace Sluice.Jobs.Running;

/// <summary>
/// Writes the training config a job actually runs: the submitted YAML with its relative paths made absolute (it is
/// written into the job dir) and the job's overrides applied. An override key is a dotted path into the YAML
/// (<c>model.dnnOptimizer.learningRate</c>); a segment that meets a list picks the item by index or by its
/// <c>name</c> (<c>features.occupation_embedding.dimension</c>). Values are YAML (<c>[100, 50]</c> is a list).
/// </summary>
public static class TrainingConfigWriter
{
    private static readonly string[][] PathFields = [["data", "train"], ["data", "eval"], ["data", "schema"], ["runConfig", "warmStartFrom"]];

    public static string Write(string sourceConfig, IReadOnlyDictionary<string, string>? overrides, string destination)
    {
        if (!File.Exists(sourceConfig)) throw new FileNotFoundException($"training config not found: {sourceConfig}", sourceConfig);
        var stream = new YamlStream();
        try { stream.Load(new StringReader(File.ReadAllText(sourceConfig))); }
        catch (YamlException e) { throw new JobSpecException($"(line {e.Start.Line})", e.InnerException?.Message ?? e.Message, sourceConfig); }
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
            throw new JobSpecException("(document)", "the training config must be a mapping.", sourceConfig);
        string baseDirectory = Path.GetDirectoryName(Path.GetFullPath(sourceConfig))!;
        foreach (var path in PathFields) Absolutize(root, path, baseDirectory);
        if (root.Children.TryGetValue(new YamlScalarNode("features"), out var features) && features is YamlSequenceNode list)
            foreach (var feature in list.Children.OfType<YamlMappingNode>())
                foreach (string key in new[] { "vocabularyFile", "file" }) Absolutize(feature, [key], baseDirectory);
        // The job dir is the model dir; a modelDir in the config would send checkpoints elsewhere.
        if (root.Children.TryGetValue(new YamlScalarNode("runConfig"), out var rc) && rc is YamlMappingNode runConfig)
            runConfig.Children.Remove(new YamlScalarNode("modelDir"));
        if (overrides is not null)
            foreach (var (key, value) in overrides) Apply(root, key, value);

        var text = new StringWriter();
        text.WriteLine($"# Written by the Sluice job service from {sourceConfig}");
        stream.Save(text, assignAnchors: false);
        Sluice.Data.AtomicFile.WriteAllText(destination, text.ToString());
        return destination;
    }

    /// <summary>Sets <paramref name="dottedPath"/> to <paramref name="yamlValue"/>, creating missing mapping keys.</summary>
    public static void Apply(YamlMappingNode root, string dottedPath, string yamlValue)
    {
        string[] segments = dottedPath.Split('.');
        YamlNode node = root;
        for (int i = 0; i < segments.Length; i++)
        {
            string segment = segments[i];
            bool last = i == segments.Length - 1;
            switch (node)
            {
                case YamlMappingNode map:
                    var key = new YamlScalarNode(segment);
                    if (last) { map.Children[key] = ParseValue(yamlValue); return; }
                    if (!map.Children.TryGetValue(key, out var child)) map.Children[key] = child = new YamlMappingNode();
                    node = child;
                    break;
                case YamlSequenceNode sequence:
                    int index = int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out int k) ? k
                        : sequence.Children.ToList().FindIndex(c => c is YamlMappingNode m && m.Children.TryGetValue(new YamlScalarNode("name"), out var n) && n is YamlScalarNode s && s.Value == segment);
                    if (index < 0 || index >= sequence.Children.Count)
                        throw new JobSpecException(dottedPath, $"'{segment}' is neither an index nor the name of an item in that list.");
                    if (last) { sequence.Children[index] = ParseValue(yamlValue); return; }
                    node = sequence.Children[index];
                    break;
                default:
                    throw new JobSpecException(dottedPath, $"'{string.Join('.', segments[..i])}' is a value, not a mapping or list.");
            }
        }
    }

    private static YamlNode ParseValue(string yamlValue)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yamlValue));
        return stream.Documents.Count == 0 ? new YamlScalarNode("") : stream.Documents[0].RootNode;
    }

    private static void Absolutize(YamlMappingNode root, string[] path, string baseDirectory)
    {
        YamlNode node = root;
        for (int i = 0; i < path.Length - 1; i++)
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(path[i]), out node!)) return;
        if (node is YamlMappingNode parent && parent.Children.TryGetValue(new YamlScalarNode(path[^1]), out var value) && value is YamlScalarNode { Value: { Length: > 0 } text })
            parent.Children[new YamlScalarNode(path[^1])] = new YamlScalarNode(Path.GetFullPath(Path.Combine(baseDirectory, text)));
    }
}
