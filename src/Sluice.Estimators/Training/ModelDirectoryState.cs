using System.Text.Json;
using System.Text.Json.Nodes;
using Sluice.Data.Columns;
using Sluice.Estimators.Model;
using Sluice.Estimators.Serialization;

namespace Sluice.Estimators.Training;

/// <summary>
/// <c>estimator.json</c> in a model dir: the spec as configured, the spec as trained (normalisers fitted), the raw
/// input features with their kinds, and the seed and batch size of the run. Lets evaluate/export/resume work from
/// the model dir alone.
/// </summary>
internal sealed record ModelDirectoryState(string ConfiguredSpecJson, EstimatorSpec TrainedSpec, IReadOnlyList<(string Name, ColumnKind Kind)> Inputs, long Seed, int BatchSize)
{
    public const string FileName = "estimator.json";

    public static string PathIn(string modelDirectory) => Path.Combine(modelDirectory, FileName);

    public void Save(string modelDirectory)
    {
        var json = new JsonObject
        {
            ["format"] = "sluice-estimator/1",
            ["configuredSpec"] = JsonNode.Parse(ConfiguredSpecJson),
            ["spec"] = EstimatorSpecJson.Write(TrainedSpec),
            ["inputs"] = new JsonArray([.. Inputs.Select(i => (JsonNode)new JsonObject { ["name"] = i.Name, ["kind"] = i.Kind.ToString() })]),
            ["seed"] = Seed,
            ["batchSize"] = BatchSize,
        };
        Directory.CreateDirectory(modelDirectory);
        Sluice.Data.AtomicFile.WriteAllBytes(PathIn(modelDirectory), System.Text.Encoding.UTF8.GetBytes(json.ToJsonString(new JsonSerializerOptions { WriteIndented = true })));
    }

    public static ModelDirectoryState? TryLoad(string modelDirectory)
    {
        string path = PathIn(modelDirectory);
        if (!File.Exists(path)) return null;
        try
        {
            var root = new JsonFields(JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new SpecFormatException("", "must be a JSON object.", path), "");
            var spec = EstimatorSpecJson.Read(root.Object("spec"), _ => null);
            var inputs = new List<(string, ColumnKind)>();
            var array = root.OptionalArray("inputs") ?? [];
            for (int i = 0; i < array.Count; i++)
            {
                var f = new JsonFields(array[i] as JsonObject ?? throw new SpecFormatException($"inputs[{i}]", "must be an object."), $"inputs[{i}]");
                inputs.Add((f.String("name"), f.Enum("kind", ColumnKind.String)));
            }
            return new ModelDirectoryState(root.Raw("configuredSpec")?.ToJsonString() ?? "{}", spec, inputs, root.OptionalLong("seed") ?? 0, root.OptionalInt("batchSize") ?? 40);
        }
        catch (SpecFormatException e) when (e.File is null)
        {
            throw new SpecFormatException(e.Path, e.Message, path, e);
        }
        catch (JsonException e)
        {
            throw new SpecFormatException("", $"is not valid JSON: {e.Message}", path, e);
        }
    }
}
