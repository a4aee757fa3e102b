using System.Text.Json.Nodes;
using Sluice.Data.Columns;
using Sluice.Estimators.Heads;
using Sluice.Estimators.Serialization;

namespace Sluice.Estimators.Export;

/// <summary><see cref="ModelSignature"/> as JSON (<c>signature.json</c>).</summary>
internal static class SignatureJson
{
    public static JsonObject Write(ModelSignature s) => new()
    {
        ["inputs"] = new JsonArray([.. s.Inputs.Select(i => (JsonNode)new JsonObject { ["name"] = i.Name, ["kind"] = i.Kind.ToString(), ["required"] = i.Required, ["defaultValue"] = i.DefaultValue })]),
        ["outputs"] = new JsonArray([.. s.Outputs.Select(o => (JsonNode)JsonValue.Create(o)!)]),
        ["head"] = s.Head.ToString(),
        ["classLabels"] = s.ClassLabels is null ? null : new JsonArray([.. s.ClassLabels.Select(o => (JsonNode)JsonValue.Create(o)!)]),
    };

    public static ModelSignature Read(JsonFields f)
    {
        var inputs = new List<SignatureInput>();
        var array = f.OptionalArray("inputs") ?? throw new SpecFormatException(f.At("inputs"), "is required.");
        for (int i = 0; i < array.Count; i++)
        {
            var input = new JsonFields(array[i] as JsonObject ?? throw new SpecFormatException($"inputs[{i}]", "must be an object."), $"inputs[{i}]");
            inputs.Add(new SignatureInput(input.String("name"), input.Enum("kind", ColumnKind.String), input.OptionalBool("required") ?? false, input.OptionalString("defaultValue")));
        }
        return new ModelSignature(inputs, f.OptionalStrings("outputs") ?? [], f.Enum("head", HeadKind.Regression), f.OptionalStrings("classLabels"));
    }
}
